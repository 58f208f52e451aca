/** Lists every given DOM event of `source` in `list`, newest first, at most 300 entries. */
export function showEvents(source: EventTarget, types: readonly string[], list: HTMLOListElement): void {
  for (const type of types) {
    source.addEventListener(type, (event) => {
      const item = document.createElement('li');
      const name = document.createElement('span');
      name.className = 'type';
      name.textContent = `${new Date().toLocaleTimeString()} ${type} `;
      item.append(name, JSON.stringify((event as CustomEvent).detail, errorsAsJson));
      list.prepend(item);
      while (list.children.length > 300) list.lastElementChild?.remove();
    });
  }
}

function errorsAsJson(key: string, value: unknown): unknown {
  if (key === 'error' && value && typeof value === 'object' && 'toJSON' in value) {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}
