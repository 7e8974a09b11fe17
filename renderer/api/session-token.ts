/**
 * The web host's per-launch token. It arrives once in the page URL (`?token=...`); the page keeps
 * it in sessionStorage (so a reload of the same tab still works) and removes it from the address
 * bar, so it does not end up in shared links, bookmarks or screenshots.
 */
import { tokenQueryParam, tokenStorageKey } from '../../host/api/index.js';

export function takeSessionToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(tokenQueryParam);
  if (fromUrl) {
    storage.setItem(tokenStorageKey, fromUrl);
    url.searchParams.delete(tokenQueryParam);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(tokenStorageKey);
}
