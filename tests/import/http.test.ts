import { describe, expect, it } from 'vitest';
import { decodeBody, FetchError } from '../../src/import/http.js';

describe('decodeBody', () => {
  it('decodes by the charset of the header, else of the page', () => {
    expect(decodeBody('u', 'text/html; charset=ISO-8859-1', Buffer.from('café', 'latin1'))).toBe('café');
    expect(decodeBody('u', 'text/html', Buffer.from('<meta charset="windows-1252"><p>caf\xe9</p>', 'latin1'))).toContain('café');
    expect(decodeBody('u', 'text/html', Buffer.from('渡轮', 'utf8'))).toBe('渡轮');
  });

  it('reports a page that is not valid in its declared encoding, with its address', () => {
    expect(() => decodeBody('https://x.example/p', 'text/html; charset=utf-8', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21]))).toThrow(FetchError);
    expect(() => decodeBody('https://x.example/p', 'text/html; charset=utf-8', Buffer.from([0xe9]))).toThrow(
      'https://x.example/p: the page is not valid utf-8 (wrong encoding)',
    );
    expect(() => decodeBody('u', 'text/html; charset=klingon', Buffer.from('x'))).toThrow(/unknown character encoding "klingon"/);
  });
});
