/**
 * What runs out of its panel: the controls in a panel's title bar and a chart's head, which
 * a narrow window (1280 pixels, or 150 % zoom) squeezes. A control past its panel's edge sits
 * under the next panel, where it can be neither read nor clicked. Likewise what runs out of a
 * match card, under the card beside it.
 */
import type { Page } from 'playwright-core';

/** One line per element of a panel's title or a chart's head that reaches past its panel. */
export function outOfPanel(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      '.panel .panel-title *, .panel .instrument header *',
    )) {
      const box = el.getBoundingClientRect();
      const panel = el.closest<HTMLElement>('.panel')!.getBoundingClientRect();
      // A closed menu's list is laid out but not shown; an open one may cover other panels.
      if (box.width === 0 || box.height === 0 || !el.checkVisibility()) continue;
      if (el.closest('details[open] > :not(summary)')) continue;
      if (box.right > panel.right + 0.5 || box.left < panel.left - 0.5) {
        const title = el.closest('.panel')!.querySelector('.panel-title')?.textContent ?? '';
        out.push(`${title.trim().slice(0, 20)} | ${(el.textContent ?? '').trim().slice(0, 40)}`);
      }
    }
    return out;
  });
}

/** One line per element of a match card that reaches past the card's sides. */
export function outOfCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const card of document.querySelectorAll<HTMLElement>('article[data-testid^="match-"]')) {
      const edge = card.getBoundingClientRect();
      for (const el of card.querySelectorAll<HTMLElement>('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || !el.checkVisibility()) continue;
        if (box.right > edge.right + 0.5 || box.left < edge.left - 0.5)
          out.push(`${card.dataset.testid} | ${(el.textContent ?? '').trim().slice(0, 40)}`);
      }
    }
    return out;
  });
}
