import { parseMultipart, multipartBoundary } from './multipart';
import { isEmptyMessage, validateAutocomplete, validateMessageBody, validateModal } from './validation';

const button = (customId: string) => ({ type: 2, style: 1, label: 'x', custom_id: customId });
const row = (...components: unknown[]) => ({ type: 1, components });

describe('validateMessageBody', () => {
  it('accepts content of exactly 2000 characters and rejects 2001', () => {
    expect(validateMessageBody({ content: 'a'.repeat(2000) })).toBeUndefined();
    expect(validateMessageBody({ content: 'a'.repeat(2001) })).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      },
    });
  });

  it('nests errors under a prefix for interaction callbacks', () => {
    const result = validateMessageBody({ content: 'a'.repeat(2001) }, ['data']);
    expect(Object.keys(result?.errors ?? {})).toEqual(['data']);
  });

  it('reports embed title, description, field and count limits at their paths', () => {
    const result = validateMessageBody({
      embeds: [
        {
          title: 't'.repeat(257),
          description: 'd'.repeat(4097),
          fields: [{ name: 'n'.repeat(257), value: 'v'.repeat(1025) }],
        },
      ],
    });
    const embed = (result?.errors as Record<string, Record<string, Record<string, unknown>>>).embeds!['0']!;
    expect(Object.keys(embed).sort()).toEqual(['description', 'fields', 'title']);
    expect(Object.keys((embed.fields as Record<string, unknown>)['0'] as object).sort()).toEqual([
      'name',
      'value',
    ]);
    expect(
      validateMessageBody({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) })?.errors,
    ).toHaveProperty('embeds');
    expect(
      validateMessageBody({
        embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) }],
      })?.errors,
    ).toHaveProperty(['embeds', '0', 'fields']);
  });

  it('rejects embeds whose combined text exceeds 6000 characters even when each part is within its limit', () => {
    const embeds = [0, 1].map(() => ({ description: 'd'.repeat(3001) }));
    expect(validateMessageBody({ embeds })?.errors).toEqual({
      embeds: {
        _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
      },
    });
    expect(
      validateMessageBody({ embeds: [{ description: 'd'.repeat(3000) }, { description: 'd'.repeat(3000) }] }),
    ).toBeUndefined();
  });

  it('limits action rows, buttons per row and custom_id length, and rejects duplicate custom ids', () => {
    const five = [1, 2, 3, 4, 5].map((i) => button(`b${i}`));
    expect(validateMessageBody({ components: [row(...five)] })).toBeUndefined();
    expect(validateMessageBody({ components: [row(...five, button('b6'))] })?.errors).toHaveProperty([
      'components',
      '0',
      'components',
    ]);
    const rows = [1, 2, 3, 4, 5, 6].map((i) => row(button(`r${i}`)));
    expect(validateMessageBody({ components: rows })?.errors).toHaveProperty(['components', '_errors']);
    expect(validateMessageBody({ components: [row(button('x'.repeat(100)))] })).toBeUndefined();
    expect(validateMessageBody({ components: [row(button('x'.repeat(101)))] })?.errors).toHaveProperty([
      'components',
      '0',
      'components',
      '0',
      'custom_id',
    ]);
    expect(
      validateMessageBody({ components: [row(button('same')), row(button('same'))] })?.errors,
    ).toHaveProperty(['components', '1', 'components', '0', 'custom_id']);
  });

  it('rejects allowed_mentions that both parse users and list user ids', () => {
    expect(validateMessageBody({ allowed_mentions: { parse: [] } })).toBeUndefined();
    expect(
      validateMessageBody({ allowed_mentions: { parse: ['users'], users: ['1'] } })?.errors,
    ).toHaveProperty('allowed_mentions');
  });
});

describe('other validators', () => {
  it('treats a body without content, embeds, components or files as empty', () => {
    expect(isEmptyMessage({ content: '' }, 0)).toBe(true);
    expect(isEmptyMessage({ content: '' }, 1)).toBe(false);
    expect(isEmptyMessage({ embeds: [{ title: 'x' }] }, 0)).toBe(false);
  });

  it('limits autocomplete to 25 choices and modals to a 45 character title', () => {
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, value: `${i}` }));
    expect(validateAutocomplete({ choices: choices(25) })).toBeUndefined();
    expect(validateAutocomplete({ choices: choices(26) })?.code).toBe(50035);
    const modal = {
      custom_id: 'm',
      title: 't'.repeat(45),
      components: [row({ type: 4, custom_id: 'f', label: 'F', style: 1 })],
    };
    expect(validateModal(modal)).toBeUndefined();
    expect(validateModal({ ...modal, title: 't'.repeat(46) })?.errors).toHaveProperty(['data', 'title']);
  });
});

describe('parseMultipart', () => {
  it('splits payload_json and binary file parts as undici FormData writes them', async () => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'hi' }));
    const bytes = Buffer.from([0, 13, 10, 45, 45, 255]);
    form.append('files[0]', new Blob([bytes], { type: 'application/octet-stream' }), 'bin.dat');
    const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
    const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
    expect(boundary).toBeDefined();
    const parts = parseMultipart(Buffer.from(await request.arrayBuffer()), boundary!);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['payload_json', undefined],
      ['files[0]', 'bin.dat'],
    ]);
    expect(JSON.parse(parts[0]!.data.toString())).toEqual({ content: 'hi' });
    expect(parts[1]!.data.equals(bytes)).toBe(true);
    expect(parts[1]!.contentType).toBe('application/octet-stream');
  });
});
