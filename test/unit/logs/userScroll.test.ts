// The log panel's webview tells the user's scrolling from the scrolls the
// page makes itself (a clamp after the rows shrank, a resize): only a scroll
// shortly after the user's own input on the log shown now is theirs.
import * as assert from 'node:assert/strict';
import { UserScroll, userScrollWindowMs } from '../../../src/logs/webview/userScroll';

describe('UserScroll (the log panel webview)', () => {
  it('takes a scroll as the user\'s only shortly after their input', () => {
    const s = new UserScroll();
    assert.equal(s.isUsers(5000), false, 'no input yet');
    s.input(5000);
    assert.equal(s.isUsers(5000 + 400), true);
    assert.equal(s.isUsers(5000 + userScrollWindowMs), true);
    assert.equal(s.isUsers(5000 + userScrollWindowMs + 1), false);
  });

  it('does not count input on one log toward a scroll of the next one shown', () => {
    // The bench's case: the user scrolled one tab, opened another 473 ms later,
    // and the view's clamp to the top of the new tab's empty first rows
    // dispatched a scroll that read as theirs and "not at the bottom".
    const s = new UserScroll();
    s.input(10_000);
    s.shownAnother();
    assert.equal(s.isUsers(10_473), false);
    // Input on the log now shown counts again.
    s.input(10_600);
    assert.equal(s.isUsers(10_700), true);
  });
});
