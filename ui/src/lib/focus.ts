/**
 * When the control that had the focus leaves the page (its row deleted, a button replaced by
 * what its action produced), WebKit leaves the focus on the body: the next Tab starts from the
 * top of the page and a shortcut may go nowhere. This puts the focus on the heading of the
 * section that held the control (the nearest one still on the page), else on `fallback`, so
 * that the keyboard goes on from where the person was. One mechanism for every screen; a
 * screen that knows a better place (the signed grant after approving) focuses it itself.
 * Returns the function that stops it.
 */
export function keepFocusOnThePage(root: HTMLElement, fallback: () => HTMLElement | null): () => void {
  let last: Element | null = null;
  let around: Element[] = [];
  const onFocusIn = (event: FocusEvent) => {
    if (!(event.target instanceof Element)) return;
    last = event.target;
    around = [];
    for (let s = last.parentElement?.closest("section, main"); s; s = s.parentElement?.closest("section, main")) {
      around.push(s);
    }
  };
  const observer = new MutationObserver(() => {
    if (!last || last.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    last = null;
    const section = around.find((s) => s.isConnected);
    const heading = section?.querySelector<HTMLElement>("h1, h2, h3") ?? fallback();
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  });
  root.addEventListener("focusin", onFocusIn);
  observer.observe(root, { childList: true, subtree: true });
  return () => {
    root.removeEventListener("focusin", onFocusIn);
    observer.disconnect();
  };
}
