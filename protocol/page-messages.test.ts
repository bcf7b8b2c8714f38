import { describe, expect, it } from 'vitest';
import { MAX_INTEREST_ROWS } from './limits';
import { parseClientMessage, readBatchAck, readBatchPathMessage } from './page-messages';

describe('readBatchAck', () => {
  it('reads an acknowledgement of a batch seq', () => {
    expect(readBatchAck({ type: 'ack', seq: 7 })).toEqual({ type: 'ack', seq: 7 });
  });

  it('refuses anything else a page could post on the batch port', () => {
    for (const v of [
      null,
      'ack',
      [],
      { type: 'ack' },
      { type: 'ack', seq: 1.5 },
      { type: 'ack', seq: '7' },
      { type: 'ack', seq: 2 ** 60 },
      { type: 'nack', seq: 7 },
    ]) {
      expect(readBatchAck(v)).toBeNull();
    }
  });
});

describe('readBatchPathMessage', () => {
  const interest = { type: 'interest', rows: ['A'], charted: [], selected: null };

  it('reads an ack or an interest', () => {
    expect(readBatchPathMessage({ type: 'ack', seq: 2 })).toEqual({ type: 'ack', seq: 2 });
    expect(readBatchPathMessage(interest)).toEqual(interest);
  });

  it('refuses an interest with an oversize list or a bad id, and anything else', () => {
    const rows = Array.from({ length: MAX_INTEREST_ROWS + 1 }, (_, i) => `I${i}`);
    for (const v of [
      { ...interest, rows },
      { ...interest, rows: [''] },
      { ...interest, selected: 3 },
      { type: 'nack', seq: 1 },
      null,
    ]) {
      expect(readBatchPathMessage(v)).toBeNull();
    }
  });
});

describe('parseClientMessage', () => {
  it('parses an interest with the same rule as the batch port', () => {
    const text = '{"type":"interest","rows":["A"],"charted":["A"],"selected":"A"}';
    expect(parseClientMessage(text)).toEqual(JSON.parse(text));
    expect(
      parseClientMessage('{"type":"interest","rows":["A"],"charted":[""],"selected":null}'),
    ).toBeNull();
  });

  it('parses an ack with the same rule as the batch port', () => {
    expect(parseClientMessage('{"type":"ack","seq":3}')).toEqual({ type: 'ack', seq: 3 });
    expect(parseClientMessage('{"type":"ack","seq":-0.5}')).toBeNull();
  });

  it('parses an invoke, leaving its channel and arguments to the app host', () => {
    expect(parseClientMessage('{"type":"invoke","id":1,"channel":"x:y","args":[1]}')).toEqual({
      type: 'invoke',
      id: 1,
      channel: 'x:y',
      args: [1],
    });
  });

  it('refuses text that is not JSON or not a known message', () => {
    for (const text of [
      'not json',
      '[]',
      '42',
      '{"type":"invoke","id":"1","channel":"a","args":[]}',
      '{"type":"invoke","id":1,"channel":"a","args":{}}',
      '{"type":"hello"}',
    ]) {
      expect(parseClientMessage(text)).toBeNull();
    }
  });
});

describe('what a page message must be, field by field', () => {
  it('refuses JSON null and an invoke with a non-string channel or a non-integer id', () => {
    for (const text of [
      'null',
      '{"type":"invoke","id":1,"channel":7,"args":[]}',
      '{"type":"invoke","id":1.5,"channel":"a","args":[]}',
      '{"type":"invoke","channel":"a","args":[]}',
      '{"type":"hello","id":1,"channel":"a","args":[]}',
      '{"type":"ack","seq":null}',
    ]) {
      expect(parseClientMessage(text)).toBeNull();
    }
  });

  it('keeps only the type and seq of an ack', () => {
    expect(readBatchAck({ type: 'ack', seq: 0, extra: 'x' })).toEqual({ type: 'ack', seq: 0 });
  });
});
