import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageViewJson from '../../../../renderer/components/messages/MessageViewJson.vue';

const utf8 = (data: string) => ({ encoding: 'utf8' as const, data });

describe('MessageViewJson', () => {
  it('shows the document with keys, strings, numbers and literals', () => {
    const w = mount(MessageViewJson, {
      props: { value: utf8('{"id":7,"name":"a\\"b","ok":true,"none":null}') },
    });
    const tree = w.get('[role=tree]');
    expect(tree.text().replace(/\s+/g, '')).toBe('▾{"id":7,"name":"a\\"b","ok":true,"none":null}');
    expect(w.findAll('.key').map((k) => k.text())).toEqual(['"id"', '"name"', '"ok"', '"none"']);
    expect(w.find('.number').text()).toBe('7');
    expect(w.findAll('.literal').map((k) => k.text())).toEqual(['true', 'null']);
  });

  it('folds and unfolds a node with its button, rendering no children while folded', async () => {
    const w = mount(MessageViewJson, { props: { value: utf8('{"items":[{"sku":"A-1"},{"sku":"B-2"}]}') } });
    const toggle = w.get('button[aria-label="Fold items"]');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(w.text()).toContain('"B-2"');
    await toggle.trigger('click');
    expect(w.get('button[aria-label="Unfold items"]').attributes('aria-expanded')).toBe('false');
    expect(w.text()).not.toContain('"B-2"');
    expect(w.text()).toContain('… 2 items');
  });

  it('folds everything below the root with "Fold all" and opens it again with "Unfold all"', async () => {
    const w = mount(MessageViewJson, { props: { value: utf8('{"a":{"b":{"c":{"d":1}}}}') } });
    expect(w.text()).not.toContain('"d"');
    await w
      .findAll('button')
      .find((b) => b.text() === 'Unfold all')!
      .trigger('click');
    expect(w.text()).toContain('"d"');
    await w
      .findAll('button')
      .find((b) => b.text() === 'Fold all')!
      .trigger('click');
    expect(w.text()).not.toContain('"b"');
  });

  it('says so when the value is not JSON', () => {
    const w = mount(MessageViewJson, { props: { value: utf8('plain text') } });
    expect(w.find('[role=tree]').exists()).toBe(false);
    expect(w.text()).toContain('not a JSON object or array');
  });
});
