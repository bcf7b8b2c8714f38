import { afterEach, describe, expect, it, vi } from 'vitest';
import { dismissable, dismissableToggle } from './popover';

const detachers: (() => void)[] = [];
afterEach(() => {
  for (const detach of detachers.splice(0)) detach();
  document.body.innerHTML = '';
});

function popover(open: boolean) {
  const root = document.createElement('div');
  const inside = root.appendChild(document.createElement('button'));
  const outside = document.body.appendChild(document.createElement('button'));
  document.body.appendChild(root);
  const rules = { isOpen: () => open, close: vi.fn(), drop: vi.fn() };
  const detach = dismissable(rules)(root);
  if (detach) detachers.push(detach);
  return { rules, inside, outside, detach };
}

const press = (target: Element) =>
  target.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
const key = (name: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: name }));

describe('dismissable', () => {
  it('closes an open popover with Escape, and with a press outside it', () => {
    const { rules, outside } = popover(true);
    key('Escape');
    expect(rules.close).toHaveBeenCalledTimes(1);
    press(outside);
    expect(rules.drop).toHaveBeenCalledTimes(1);
  });

  it('keeps it open for other keys and for presses inside it', () => {
    const { rules, inside } = popover(true);
    key('Enter');
    press(inside);
    expect(rules.close).not.toHaveBeenCalled();
    expect(rules.drop).not.toHaveBeenCalled();
  });

  it('does nothing while closed, and nothing once detached', () => {
    const closed = popover(false);
    key('Escape');
    press(closed.outside);
    expect(closed.rules.close).not.toHaveBeenCalled();
    expect(closed.rules.drop).not.toHaveBeenCalled();
    const open = popover(true);
    open.detach?.();
    key('Escape');
    press(open.outside);
    expect(open.rules.close).not.toHaveBeenCalled();
    expect(open.rules.drop).not.toHaveBeenCalled();
  });
});

describe('dismissableToggle', () => {
  it('sets its boolean false on Escape with focus back on the trigger, and on a press outside', () => {
    let open = true;
    const root = document.body.appendChild(document.createElement('div'));
    const trigger = root.appendChild(document.createElement('button'));
    const outside = document.body.appendChild(document.createElement('button'));
    const detach = dismissableToggle(
      { get: () => open, set: (v) => (open = v) },
      () => trigger,
    )(root);
    if (detach) detachers.push(detach);
    key('Escape');
    expect(open).toBe(false);
    expect(document.activeElement).toBe(trigger);
    open = true;
    outside.focus();
    press(outside);
    expect(open).toBe(false);
    expect(document.activeElement).toBe(outside);
  });
});
