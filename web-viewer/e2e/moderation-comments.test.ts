import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';
const REMOVE_REASON = 'Insults the host';
const BAN_REASON = 'Repeated insults in chat';

const pageErrors = (tracked: { problems: string[] }) => tracked.problems.filter((p) => p.startsWith('pageerror'));

async function sendComment(page: Page, text: string): Promise<void> {
  await page.fill('#comment-text', text);
  await page.press('#comment-text', 'Enter');
}

describe('comment moderation in Chromium: a viewer reports a chat comment, an admin removes it and restricts its author', () => {
  const suite = useBrowserSuite();
  const { open } = suite;

  it('reports from the chat, removes the comment from the open pages, restricts the author and lifts it again', async () => {
    const { engine, make } = suite;
    const kol = await make.user(['kol'], { displayName: 'Host Lin' });
    const show = await make.stream(kol.token, { title: 'Evening tea tasting' });
    expect((await engine.http('POST', `/api/streams/${show.id}/start`, { token: kol.token })).status).toBe(200);
    const author = await make.user(['viewer'], { displayName: 'Troll Tom' });
    const reporter = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const adminEmail = `admin-${Date.now().toString(36)}@example.test`;
    expect(
      (await engine.http('POST', '/api/auth/register', { body: { email: adminEmail, password: PASSWORD, displayName: 'Ada Admin' } }))
        .status,
    ).toBe(201);
    await engine.services.auth.grantRole(adminEmail, 'admin');

    // The author writes something rude; the reporter's open page has it, with a Report action only on others' comments.
    const writing = await open(`/live/${show.id}`, author);
    const t = writing.page;
    const watching = await open(`/live/${show.id}`, reporter);
    const w = watching.page;
    await t.waitForSelector('#comment-form:not([hidden])');
    await w.waitForSelector('#comment-form:not([hidden])');
    await sendComment(t, 'This host knows nothing about tea, what an idiot');
    const rude = w.locator('#comments li[data-comment-id]', { hasText: 'what an idiot' });
    await rude.waitFor();
    const commentId = (await rude.getAttribute('data-comment-id')) ?? '';
    expect(commentId).not.toBe('');
    await sendComment(w, 'Lovely oolong tonight');
    const own = w.locator('#comments li[data-comment-id]', { hasText: 'Lovely oolong tonight' });
    await own.waitFor();
    expect(await own.locator('.comment-report').isHidden()).toBe(true);
    const authorsView = t.locator(`#comments li[data-comment-id="${commentId}"] .comment-report`);
    expect(await authorsView.isHidden()).toBe(true);

    // The action shows on hover and on keyboard focus, and Enter opens the report dialog for that comment.
    const reportButton = rude.locator('.comment-report');
    expect(await reportButton.getAttribute('aria-label')).toBe('Report comment by Troll Tom');
    expect(await reportButton.evaluate((b) => getComputedStyle(b).opacity)).toBe('0');
    await rude.hover();
    // Shown once its fade-in is over.
    await w.waitForFunction((id) => {
      const b = document.querySelector(`#comments li[data-comment-id="${id}"] .comment-report`);
      return b && getComputedStyle(b).opacity === '1';
    }, commentId);
    await w.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-comment-report-hover.png') });
    await w.mouse.move(0, 0);
    await reportButton.focus();
    await w.waitForFunction(
      () => document.activeElement?.classList.contains('comment-report') && getComputedStyle(document.activeElement).opacity === '1',
    );
    await w.keyboard.press('Enter');
    await w.waitForSelector('#report-dialog[open]');
    expect(await w.textContent('#report-title')).toBe('Report this comment');
    expect(await w.textContent('#report-dialog')).toContain('The author is not told who sent it.');
    await w.selectOption('#report-reason', 'offensive');
    await w.fill('#report-details', 'Insulting the host in chat');
    await w.click('#report-submit');
    await w.waitForSelector('#report-done');
    expect(await w.textContent('#report-done h2')).toBe('Thanks, our team will review it');
    await w.click('#report-done .modal-actions button');

    // The admin sees the comment's case: its words, its author, the show with a link, and what can be done.
    const moderating = await open('/admin');
    const a = moderating.page;
    await a.fill('form[aria-label="Admin sign-in"] input[name="email"]', adminEmail);
    await a.fill('form[aria-label="Admin sign-in"] input[name="password"]', PASSWORD);
    await a.click('form[aria-label="Admin sign-in"] button[type="submit"]');
    const kase = a.locator(`#case-list > li[data-target-id="${commentId}"]`);
    await kase.waitFor();
    expect(await kase.getAttribute('data-target-type')).toBe('comment');
    expect(await kase.locator('.case-type').textContent()).toBe('Chat comment');
    expect(await kase.locator('.case-comment-text').textContent()).toBe('This host knows nothing about tea, what an idiot');
    expect(await kase.locator('.case-context').textContent()).toContain('by Troll Tom in Evening tea tasting');
    expect(await kase.locator('a.case-stream').getAttribute('href')).toBe(`/live/${show.id}`);
    expect(await kase.locator('.case-latest').textContent()).toContain('“Insulting the host in chat”');
    expect(await kase.locator('.target-status').textContent()).toBe('Visible');
    expect(await kase.locator('.case-actions button').evaluateAll((b) => b.map((x) => x.textContent))).toEqual([
      'Remove comment…',
      'Restrict author from chat…',
      'Dismiss',
    ]);
    await kase.scrollIntoViewIfNeeded();
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-comment-case.png'), fullPage: true });

    // Removing it takes it off both open live pages at once.
    await kase.locator('button[data-action="removeComment"]').click();
    await a.waitForSelector('#reason-dialog[open]');
    await a.fill('#reason-text', REMOVE_REASON);
    await a.click('#reason-confirm');
    await a.waitForSelector(`#case-list > li[data-target-id="${commentId}"][data-status="actioned"]`);
    expect(await kase.locator('.target-status').textContent()).toBe('Removed');
    expect(await kase.locator('.case-done').textContent()).toBe('Removed: the comment is gone from the chat for everyone watching.');
    await rude.waitFor({ state: 'detached' });
    await t.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ state: 'detached' });
    expect(await own.isVisible()).toBe(true);

    // Restricting the author asks how long and why; their open page says so at once.
    await kase.locator('button[data-action="restrictAuthor"]').click();
    await a.waitForSelector('#reason-dialog[open]');
    expect(await a.textContent('#reason-title')).toBe('Restrict Troll Tom from chat?');
    expect(await a.inputValue('#reason-choice')).toBe('7');
    await a.selectOption('#reason-choice', '30');
    await a.fill('#reason-text', BAN_REASON);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-chat-ban-dialog.png') });
    await a.click('#reason-confirm');
    await a.waitForSelector('#reason-dialog[open]', { state: 'hidden' });
    expect(await kase.locator('.case-done').textContent()).toContain('Restricted Troll Tom from chat in every live show');
    expect(await kase.locator('button[data-action="restrictAuthor"]').count()).toBe(0);

    await t.waitForSelector('#chat-restricted:not([hidden])');
    const restriction = (await t.textContent('#chat-restricted')) ?? '';
    expect(restriction).toMatch(new RegExp(`^You can't chat right now: ${BAN_REASON}, until .*\\d{4}`));
    // Opened again (no notice yet), the author tries anyway: the server refuses, the page says why and keeps the words.
    await t.reload();
    await t.waitForSelector('#comment-form:not([hidden])');
    await t.locator(`#comments li[data-comment-id]`).first().waitFor();
    expect(await t.isHidden('#chat-restricted')).toBe(true);
    await sendComment(t, 'You cannot silence me');
    await t.waitForSelector('#chat-restricted:not([hidden])');
    expect(await t.textContent('#chat-restricted')).toBe(restriction);
    expect(await t.inputValue('#comment-text')).toBe('You cannot silence me');
    expect(await t.isVisible('#comment-error')).toBe(false);
    await t.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-chat-restricted.png') });
    expect(await w.locator('#comments li', { hasText: 'You cannot silence me' }).count()).toBe(0);

    // The Chat bans tab lists them; the log words both actions.
    await a.click('#tab-chat-bans');
    const banRow = a.locator(`#chat-ban-list > li[data-user-id="${author.user.id}"]`);
    await banRow.waitFor();
    expect(await banRow.textContent()).toContain(`“${BAN_REASON}”`);
    expect(await banRow.textContent()).toContain('by Ada Admin');
    expect(await banRow.locator('.chat-ban-until').textContent()).toMatch(/^Until .*\d{4}/);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-chat-bans.png'), fullPage: true });
    await a.click('#tab-log');
    await a.waitForSelector('#log-list > li[data-action="chat_ban"]');
    expect(await a.locator('#log-list > li[data-action="chat_ban"] .log-action').textContent()).toBe('Restricted from chat');
    expect(await a.locator('#log-list > li[data-action="chat_ban"]').textContent()).toContain('Troll Tom');
    const removal = a.locator(`#log-list > li[data-action="remove_comment"][data-target-id="${commentId}"]`);
    expect(await removal.locator('.log-action').textContent()).toBe('Removed comment');
    expect(await removal.textContent()).toContain(REMOVE_REASON);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-comment-log.png'), fullPage: true });

    // Lifted from the Chat bans tab: the author's notice goes, and their words reach the room again.
    await a.click('#tab-chat-bans');
    await banRow.locator('button[data-action="lift"]').click();
    await a.click('#reason-confirm');
    await a.waitForSelector(`#chat-ban-list > li[data-user-id="${author.user.id}"][data-status="lifted"]`);
    await t.waitForSelector('#chat-restricted', { state: 'hidden' });
    await t.press('#comment-text', 'Enter');
    await w.locator('#comments li', { hasText: 'You cannot silence me' }).waitFor();
    expect(await t.inputValue('#comment-text')).toBe('');

    for (const tracked of [writing, watching, moderating]) expect(pageErrors(tracked)).toEqual([]);
  }, 120_000);
});
