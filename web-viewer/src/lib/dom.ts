/** The element with this id, checked to be of `type`; throws when the page's HTML lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, type?: { new (): T }): T {
  const element = document.getElementById(id);
  if (!element || (type && !(element instanceof type))) throw new Error(`page is missing #${id}`);
  return element as T;
}

type Child = Node | string | null | undefined | false;

/** Creates an element; strings become text nodes, so user text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Shows or hides an element through the `hidden` attribute. */
export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

/** The last path segment, e.g. the stream id of /live/:id. */
export function idFromPath(): string {
  return decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
}
