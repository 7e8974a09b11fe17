/**
 * JSON validation for the producer's value field: what is wrong and the line and column where,
 * so a user can find the stray comma in a long document. JSON.parse decides whether the text is
 * valid; its messages differ between engines and often carry no position, so a small scanner
 * that follows the JSON grammar (RFC 8259) finds the first place it breaks.
 */
export interface JsonProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

class Stop extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Scans one JSON document and throws a Stop at the first character that breaks the grammar. */
function scan(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const shown = () => (i < text.length ? `'${text[i]}'` : 'the end of the text');
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    throw new Stop(`expected a value but found ${shown()}`, i);
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw new Stop(`expected a "quoted" property name but found ${shown()}`, i);
      string();
      ws();
      if (text[i] !== ':') throw new Stop(`expected ':' after the property name but found ${shown()}`, i);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}') throw new Stop('a comma before } (JSON allows no trailing comma)', i - 1);
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      throw new Stop(`expected ',' or '}' but found ${shown()}`, i);
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') throw new Stop('a comma before ] (JSON allows no trailing comma)', i - 1);
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      throw new Stop(`expected ',' or ']' but found ${shown()}`, i);
    }
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop('\\u needs four hex digits', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(`'\\${e ?? ''}' is not a JSON escape`, i);
        continue;
      }
      if (c < ' ')
        throw new Stop(
          'a control character (a raw line break or tab) inside a string; write it as \\n or \\t',
          i,
        );
      i++;
    }
    throw new Stop('a string that is never closed', start);
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) throw new Stop('not a valid number', i);
    i += m[0].length;
  };
  value();
  ws();
  if (i < text.length) throw new Stop(`unexpected ${shown()} after the end of the document`, i);
}

function position(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

export function jsonProblem(text: string): JsonProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (parseError) {
    try {
      scan(text);
    } catch (e) {
      if (e instanceof Stop) return { message: e.message, ...position(text, e.at) };
    }
    return {
      message: parseError instanceof Error ? parseError.message : String(parseError),
      line: 1,
      column: 1,
    };
  }
}

/** Re-indents JSON text with two spaces; returns the text unchanged when it does not parse. */
export function formatJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
