import { describe, expect, it } from 'vitest';
import { encodeTextDirective, quoteLink } from '../../src/answer/link.js';

describe('text fragment links', () => {
  it('percent-encodes the characters that are syntax in a text directive', () => {
    expect(encodeTextDirective('ICP-2, A & B')).toBe('ICP%2D2%2C%20A%20%26%20B');
    expect(encodeTextDirective('$60 trillion — “not rhetorical”')).toBe('%2460%20trillion%20%E2%80%94%20%E2%80%9Cnot%20rhetorical%E2%80%9D');
  });

  it('quotes a short sentence whole', () => {
    expect(quoteLink('https://dev.heng.lu/?p=12534', 'Comfort is how structural failures persist.')).toBe(
      'https://dev.heng.lu/?p=12534#:~:text=Comfort%20is%20how%20structural%20failures%20persist.',
    );
  });

  it('gives a long quote by its first and last words', () => {
    const quote = 'The claim that IPv4 could reach a total value of $60 trillion is not rhetorical.';
    expect(quoteLink('https://dev.heng.lu/why-ipv4', quote)).toBe(
      'https://dev.heng.lu/why-ipv4#:~:text=The%20claim%20that%20IPv4%20could,%2460%20trillion%20is%20not%20rhetorical.',
    );
  });

  it('replaces a fragment the note address already has', () => {
    expect(quoteLink('https://dev.heng.lu/a#section', 'Short quote.')).toBe('https://dev.heng.lu/a#:~:text=Short%20quote.');
  });
});
