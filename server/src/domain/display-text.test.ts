import { describe, expect, it } from '@jest/globals';
import { displayTextFault } from './display-text.js';

describe('displayTextFault', () => {
  it.each([
    ['ESC, which drives a terminal', 'Acme\u001b[2J', /U\+001B is a control character/],
    ['a line feed', 'Acme\nSupport', /one line of visible text; U\+000A/],
    ['DEL', 'Acme\u007f', /U\+007F is a control character/],
    ['a C1 control (NEXT LINE)', 'Acme\u0085', /U\+0085 is a control character/],
    ['the Unicode line separator', 'Acme\u2028', /U\+2028 is a control character/],
    ['RIGHT-TO-LEFT OVERRIDE', 'Acme\u202egnp.exe', /U\+202E is an invisible bidirectional/],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202aAcme', /U\+202A is an invisible bidirectional/],
    ['FIRST STRONG ISOLATE', 'Acme\u2068', /U\+2068 is an invisible bidirectional/],
    ['POP DIRECTIONAL ISOLATE', 'Acme\u2069', /U\+2069 is an invisible bidirectional/],
    ['a byte-order mark', '\ufeffAcme', /U\+FEFF is an invisible byte-order mark/],
    ['a lone high surrogate', 'Acme\ud83e', /U\+D83E is half of a surrogate pair/],
    ['a lone low surrogate', '\udd86Acme', /U\+DD86 is half of a surrogate pair/],
    ['U+FFFD from bytes that were not UTF-8', 'Acme \ufffd', /Expected valid UTF-8 text/],
  ])('refuses %s, saying what was expected', (_label, text, message) => {
    expect(displayTextFault(text)).toMatch(message);
  });

  it.each([
    ['accents and emoji', 'Zoë 🦆 Ünïcode'],
    ['an emoji joined by ZERO WIDTH JOINER', 'Dev 👩\u200d💻'],
    ['Arabic with a RIGHT-TO-LEFT MARK', 'شركة أكمي\u200f'],
    ['Hebrew', 'אקמה בע״מ'],
    ['CJK', '株式会社アクメ'],
    ['HTML, which the pages escape', '<b>Acme</b> & "Sons"'],
  ])('accepts %s', (_label, text) => {
    expect(displayTextFault(text)).toBeNull();
  });
});
