import type { Json } from './types';

/** Discord's nested form-error tree: `{ embeds: { '0': { title: { _errors: [{ code, message }] } } } }`. */
export type FormErrors = { [key: string]: FormErrors | Array<{ code: string; message: string }> };

/** A Discord-shaped API error body. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrors;
}

/** Collects form errors under paths. */
export class FormErrorCollector {
  readonly tree: FormErrors = {};
  private count = 0;

  /** @param prefix - path prepended to every error */
  constructor(private readonly prefix: string[] = []) {}

  /** Adds an error at a path like `['embeds', 0, 'title']`. */
  add(path: Array<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of [...this.prefix, ...path.map(String)]) {
      const child = node[key];
      if (child === undefined || Array.isArray(child)) {
        const created: FormErrors = {};
        node[key] = created;
        node = created;
      } else {
        node = child;
      }
    }
    const list = (node._errors as Array<{ code: string; message: string }> | undefined) ?? [];
    list.push({ code, message });
    node._errors = list;
    this.count += 1;
  }

  /** Adds a max-length error if `value` is a string/array longer than `max`. */
  maxLength(path: Array<string | number>, value: unknown, max: number): void {
    if ((typeof value === 'string' || Array.isArray(value)) && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  /** Adds a required error when `value` is missing or empty. */
  required(path: Array<string | number>, value: unknown): void {
    if (value === undefined || value === null || value === '') {
      this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** The 50035 error body, or undefined when nothing was collected. */
  result(): DiscordErrorBody | undefined {
    return this.empty ? undefined : { code: 50035, message: 'Invalid Form Body', errors: this.tree };
  }
}

function asObjects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Flag marking a message laid out with Components V2 (no action-row rules apply at top level). */
const IS_COMPONENTS_V2 = 1 << 15;

function validateEmbeds(errors: FormErrorCollector, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  errors.maxLength(['embeds'], embeds, 10);
  let total = 0;
  asObjects(embeds).forEach((embed, i) => {
    errors.maxLength(['embeds', i, 'title'], embed.title, 256);
    errors.maxLength(['embeds', i, 'description'], embed.description, 4096);
    const footer = embed.footer as Json | undefined;
    const author = embed.author as Json | undefined;
    errors.maxLength(['embeds', i, 'footer', 'text'], footer?.text, 2048);
    errors.maxLength(['embeds', i, 'author', 'name'], author?.name, 256);
    errors.maxLength(['embeds', i, 'fields'], embed.fields, 25);
    total += text(embed.title).length + text(embed.description).length;
    total += text(footer?.text).length + text(author?.name).length;
    asObjects(embed.fields).forEach((field, j) => {
      errors.required(['embeds', i, 'fields', j, 'name'], field.name);
      errors.required(['embeds', i, 'fields', j, 'value'], field.value);
      errors.maxLength(['embeds', i, 'fields', j, 'name'], field.name, 256);
      errors.maxLength(['embeds', i, 'fields', j, 'value'], field.value, 1024);
      total += text(field.name).length + text(field.value).length;
    });
  });
  if (total > 6000) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
}

function validateInteractive(
  errors: FormErrorCollector,
  path: Array<string | number>,
  component: Json,
  seenIds: Set<string>,
): void {
  const customId = component.custom_id;
  const isLinkOrPremium = component.type === 2 && (component.style === 5 || component.style === 6);
  if (isLinkOrPremium) {
    if (component.style === 5) errors.required([...path, 'url'], component.url);
    return;
  }
  errors.required([...path, 'custom_id'], customId);
  errors.maxLength([...path, 'custom_id'], customId, 100);
  if (typeof customId === 'string') {
    if (seenIds.has(customId)) {
      errors.add(
        [...path, 'custom_id'],
        'COMPONENT_CUSTOM_ID_DUPLICATED',
        'Component custom id cannot be duplicated',
      );
    }
    seenIds.add(customId);
  }
  if (component.type === 2) errors.maxLength([...path, 'label'], component.label, 80);
  if (component.type === 3) errors.maxLength([...path, 'options'], component.options, 25);
}

function validateComponents(errors: FormErrorCollector, components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  const seenIds = new Set<string>();
  if (flags & IS_COMPONENTS_V2) {
    // Only the cheap, shared rules for V2 layouts: walk nested components for custom ids.
    const walk = (list: unknown, path: Array<string | number>): void =>
      asObjects(list).forEach((c, i) => {
        if (c.type === 2 || (typeof c.type === 'number' && c.type >= 3 && c.type <= 8)) {
          validateInteractive(errors, [...path, i], c, seenIds);
        }
        if (c.components) walk(c.components, [...path, i, 'components']);
        if (c.accessory) validateInteractive(errors, [...path, i, 'accessory'], c.accessory as Json, seenIds);
      });
    walk(components, ['components']);
    return;
  }
  errors.maxLength(['components'], components, 5);
  asObjects(components).forEach((row, i) => {
    if (row.type !== 1) {
      errors.add(
        ['components', i, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1,).',
      );
      return;
    }
    const children = asObjects(row.components);
    if (children.length === 0) {
      errors.add(['components', i, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    }
    errors.maxLength(['components', i, 'components'], row.components, 5);
    const hasSelect = children.some((c) => c.type !== 2);
    if (hasSelect && children.length > 1) {
      errors.add(
        ['components', i, 'components'],
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
    }
    children.forEach((c, j) => validateInteractive(errors, ['components', i, 'components', j], c, seenIds));
  });
}

function validateAllowedMentions(errors: FormErrorCollector, allowed: unknown): void {
  if (typeof allowed !== 'object' || allowed === null) return;
  const a = allowed as Json;
  const parse = Array.isArray(a.parse) ? (a.parse as unknown[]) : [];
  parse.forEach((value, i) => {
    if (value !== 'users' && value !== 'roles' && value !== 'everyone') {
      errors.add(
        ['allowed_mentions', 'parse', i],
        'ENUM_TYPE_COERCE',
        `Value "${String(value)}" is not a valid enum value.`,
      );
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && Array.isArray(a[kind]) && (a[kind] as unknown[]).length > 0) {
      errors.add(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

/**
 * Validates a message create/edit body the way Discord does for the limits tests care about. `prefix` nests the
 * errors (interaction callbacks report them under `data`).
 */
export function validateMessageBody(body: Json, prefix: string[] = []): DiscordErrorBody | undefined {
  const errors = new FormErrorCollector(prefix);
  errors.maxLength(['content'], body.content, 2000);
  validateEmbeds(errors, body.embeds);
  validateComponents(errors, body.components, typeof body.flags === 'number' ? body.flags : 0);
  validateAllowedMentions(errors, body.allowed_mentions);
  return errors.result();
}

/** True when a create body (plus uploaded files) would produce an empty message. */
export function isEmptyMessage(body: Json, fileCount: number): boolean {
  const nonEmpty = (v: unknown): boolean =>
    Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
  return (
    fileCount === 0 &&
    !nonEmpty(body.content) &&
    !nonEmpty(body.embeds) &&
    !nonEmpty(body.components) &&
    !nonEmpty(body.sticker_ids) &&
    !nonEmpty(body.poll)
  );
}

/** Validates an autocomplete result (callback type 8). */
export function validateAutocomplete(data: Json): DiscordErrorBody | undefined {
  const errors = new FormErrorCollector();
  errors.maxLength(['data', 'choices'], data.choices, 25);
  asObjects(data.choices).forEach((choice, i) => {
    errors.required(['data', 'choices', i, 'name'], choice.name);
    errors.maxLength(['data', 'choices', i, 'name'], choice.name, 100);
    errors.maxLength(['data', 'choices', i, 'value'], choice.value, 100);
  });
  return errors.result();
}

/** Validates a modal (callback type 9). */
export function validateModal(data: Json): DiscordErrorBody | undefined {
  const errors = new FormErrorCollector();
  errors.required(['data', 'custom_id'], data.custom_id);
  errors.maxLength(['data', 'custom_id'], data.custom_id, 100);
  errors.required(['data', 'title'], data.title);
  errors.maxLength(['data', 'title'], data.title, 45);
  if (asObjects(data.components).length === 0) {
    errors.add(['data', 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  }
  errors.maxLength(['data', 'components'], data.components, 5);
  return errors.result();
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Validates one application command definition (the parts that commonly go wrong). */
export function validateCommand(
  errors: FormErrorCollector,
  command: Json,
  path: Array<string | number>,
): void {
  const type = command.type ?? 1;
  const name = text(command.name);
  if (!COMMAND_NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) {
    errors.required([...path, 'description'], command.description);
    errors.maxLength([...path, 'description'], command.description, 100);
  }
  errors.maxLength([...path, 'options'], command.options, 25);
  asObjects(command.options).forEach((option, i) => {
    const optionName = text(option.name);
    if (!COMMAND_NAME.test(optionName) || optionName !== optionName.toLowerCase()) {
      errors.add(
        [...path, 'options', i, 'name'],
        'APPLICATION_COMMAND_INVALID_NAME',
        'Command name is invalid',
      );
    }
    errors.required([...path, 'options', i, 'description'], option.description);
    errors.maxLength([...path, 'options', i, 'description'], option.description, 100);
    errors.maxLength([...path, 'options', i, 'choices'], option.choices, 25);
    if (option.autocomplete === true && asObjects(option.choices).length > 0) {
      errors.add(
        [...path, 'options', i, 'autocomplete'],
        'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
        'Autocomplete cannot be set on options with choices',
      );
    }
  });
}
