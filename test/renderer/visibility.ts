/** Hides and shows the page in happy-dom the way a browser does (visibilityState + event). */
export async function setPageVisible(visible: boolean): Promise<void> {
  Object.defineProperty(document, 'visibilityState', {
    value: visible ? 'visible' : 'hidden',
    configurable: true,
  });
  document.dispatchEvent(new Event('visibilitychange'));
  await Promise.resolve();
}
