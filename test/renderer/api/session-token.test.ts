import { describe, expect, it } from 'vitest';
import { takeSessionToken } from '../../../renderer/api/session-token.js';

function page(href: string) {
  const replaced: string[] = [];
  const store = new Map<string, string>();
  const location = { href } as Location;
  const history = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
  } as unknown as History;
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
  } as unknown as Storage;
  return { location, history, storage, replaced, store };
}

describe('the launch token', () => {
  it('takes the token from the URL, keeps it for the tab and removes it from the address bar', () => {
    const p = page('http://127.0.0.1:5170/?token=s3cret#/topics/orders?partition=1');
    expect(takeSessionToken(p.location, p.history, p.storage)).toBe('s3cret');
    expect(p.replaced).toEqual(['/#/topics/orders?partition=1']);
    expect([...p.store.values()]).toEqual(['s3cret']);
  });

  it('finds the kept token after a reload, and none on a page that never had one', () => {
    const p = page('http://127.0.0.1:5170/?token=abc');
    takeSessionToken(p.location, p.history, p.storage);
    p.location.href = 'http://127.0.0.1:5170/#/overview';
    expect(takeSessionToken(p.location, p.history, p.storage)).toBe('abc');
    const fresh = page('http://127.0.0.1:5170/');
    expect(takeSessionToken(fresh.location, fresh.history, fresh.storage)).toBeNull();
  });
});
