/**
 * `v-table-name="'Partitions'"` on a Naive UI data table gives its `<table>` that accessible name.
 * An `aria-label` on the component lands on its wrapper `<div>`, where screen readers (and tests
 * finding a table by role and name) never see it. With a fixed header Naive UI draws the header in
 * a table of its own; that one is named "Column headings" so the name stays unique.
 */
import type { Directive } from 'vue';

function nameTables(root: HTMLElement, name: string): void {
  for (const table of root.querySelectorAll('table')) {
    const label = table.closest('.n-data-table-base-table-header') ? 'Column headings' : name;
    if (table.getAttribute('aria-label') !== label) table.setAttribute('aria-label', label);
  }
}

// `updated` runs after the table's own children were patched, so tables it draws anew (the
// header table appearing, rows after an empty state) are named too.
export const vTableName: Directive<HTMLElement, string> = {
  mounted: (el, binding) => nameTables(el, binding.value),
  updated: (el, binding) => nameTables(el, binding.value),
};
