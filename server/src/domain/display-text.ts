/**
 * Names people read — a tenant's display name and brand name, a client's name, a user's given
 * and family name — end up in page titles, mail, ID tokens and terminals. Each is one line of
 * visible text, so these are refused rather than stored and rendered raw:
 *
 * - C0 and C1 control characters and DEL (an ESC drives a terminal, a newline forges a line),
 *   and the line and paragraph separators U+2028 and U+2029;
 * - the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, which
 *   make `moc.example` read as `example.com` (the marks U+200E and U+200F stay: right-to-left
 *   names need them), and U+FEFF, an invisible byte-order mark;
 * - lone surrogates, which cannot be stored as UTF-8 and would quietly become U+FFFD;
 * - U+FFFD itself: in a name it stands for bytes that were not valid UTF-8 and were replaced on
 *   the way in, so what would be stored is not what the caller meant.
 */
const LINE_BREAKING_OR_CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** A byte-order mark: invisible, it makes two equal-looking names differ. */
const BYTE_ORDER_MARK = '\ufeff';
// With the u flag a surrogate range matches only a surrogate that is not half of a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * Why `text` cannot be a name, as a message that says what was expected, or null when it can.
 *
 * @example
 * displayTextFault('Acme\u202e') // 'Expected plain text; U+202E is an invisible bidirectional …'
 * displayTextFault('Acme')       // null
 */
export function displayTextFault(text: string): string | null {
  const control = LINE_BREAKING_OR_CONTROL.exec(text)?.[0];
  if (control) {
    return `Expected one line of visible text; ${codePoint(control)} is a control character.`;
  }
  const bidi = BIDI_CONTROL.exec(text)?.[0];
  if (bidi) {
    return (
      `Expected plain text; ${codePoint(bidi)} is an invisible bidirectional control ` +
      'that changes how the text around it reads.'
    );
  }
  if (text.includes(BYTE_ORDER_MARK)) {
    return 'Expected plain text; U+FEFF is an invisible byte-order mark.';
  }
  const surrogate = LONE_SURROGATE.exec(text)?.[0];
  if (surrogate) {
    return `Expected valid Unicode text; ${codePoint(surrogate)} is half of a surrogate pair.`;
  }
  if (text.includes(REPLACEMENT_CHARACTER)) {
    return (
      'Expected valid UTF-8 text; U+FFFD stands for bytes that were not, ' +
      'and were replaced before they reached us.'
    );
  }
  return null;
}

/** `U+202E`: how a character is named in a message. */
export function codePoint(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
