import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/notes/passages.js';
import { coverageJudge } from '../../src/search/coverage.js';
import { buildLexicalData, openLexicalIndex } from '../../src/search/lexical.js';
import { planQuery } from '../../src/search/plan.js';
import { tokenize } from '../../src/search/tokenize.js';
import { editDistance } from '../../src/search/vocabulary.js';

const passage = (id: string, text: string): Passage => ({ id, noteId: id, title: '', url: `https://x/${id}`, headings: [], text, start: 0, end: text.length });
const lexicalIndex = (passages: Parameters<typeof buildLexicalData>[0]) => openLexicalIndex(buildLexicalData(passages));
const lexical = lexicalIndex([
  passage('a', 'The government may not take over the registry. The Water Board keeps the ledger of every holder.'),
  passage('b', 'IPv6 adoption is slow, and LIRs still want IPv4. Send an e-mail about ICP-2 and the allocation of $60 blocks.'),
  passage('c', 'The channels were dug by the holders over many years, with a loan and a permission from nobody.'),
]);
const alternatives = (question: string) => Object.fromEntries(planQuery(question, lexical).groups.map((g) => [g.word, Object.fromEntries(g.alternatives)]));

describe('planning a query: the question in the notes’ words', () => {
  it('matches a misspelt word to the notes’ nearest words, at a lower weight, by length', () => {
    expect(alternatives('goverment registery')).toEqual({ goverment: { govern: 0.7 }, registery: { registri: 0.7 } });
    // Two edits for a long word, one for a short one.
    expect(alternatives('allocaiton')).toEqual({ allocaiton: { alloc: 0.7 } });
    expect(alternatives('permssion')).toEqual({ permssion: { permiss: 0.7 } });
    expect(alternatives('ledgre')).toEqual({ ledgre: { ledger: 0.7 } });
    expect(editDistance('registery', 'registry')).toBe(1);
    expect(editDistance('ledgre', 'ledger')).toBe(1);
  });

  it('never corrects numbers, amounts, prefixes or codes, nor a real word the notes do not use', () => {
    expect(alternatives('$80 /25 ICP-3 2031')).toEqual({
      $80: { $80: 1, 80: 1 },
      '/25': { '/25': 1, 25: 1 },
      'ICP-3': { 'icp-3': 1, icp3: 1, icp: 1, 3: 1 },
      2031: { 2031: 1 },
    });
    expect(alternatives('mailing')).toEqual({ mailing: { mail: 1 } });
  });

  it('understands chat spellings and words run together', () => {
    expect(alternatives('how many yrs')).toEqual({ yrs: { year: 1 } });
    expect(planQuery('waterboard', lexical).groups.map((g) => Object.fromEntries(g.alternatives))).toEqual([{ water: 0.8 }, { board: 0.8 }]);
  });

  it('writes forms the way the notes do: ip v6, LIR, email, ICP2, decentralization', () => {
    expect(planQuery('ip v6', lexical).terms.get('ipv6')).toBe(1);
    expect(tokenize('LIRs')).toEqual(tokenize('LIR'));
    expect(tokenize('email')[0]).toBe(tokenize('e-mail')[1]);
    expect(tokenize('ICP2')[0]).toBe(tokenize('ICP-2')[1]);
    expect(tokenize('decentralization')).toEqual(tokenize('decentralisation'));
  });

  it('adds the forms WordNet derives from a word that the notes use, at 0.3, for every word', () => {
    const notes = lexicalIndex([passage('f', 'The failure of the registry was a reclamation of power.'), passage('g', 'Registries fail.')]);
    const fail = tokenize('fail')[0]!;
    const failure = tokenize('failure')[0]!;
    expect(fail).not.toBe(failure);
    expect(Object.fromEntries(planQuery('why did it fail', notes).groups[0]!.alternatives)).toEqual({ [fail]: 1, [failure]: 0.3 });
    expect(Object.fromEntries(planQuery('can they reclaim it', notes).groups[0]!.alternatives)).toEqual({
      [tokenize('reclaim')[0]!]: 1,
      [tokenize('reclamation')[0]!]: 0.3,
    });
    // A derived form the notes never write adds nothing.
    expect(Object.fromEntries(planQuery('decide', notes).groups[0]!.alternatives)).toEqual({ [tokenize('decide')[0]!]: 1 });
  });

  it('never lets a rarer derived form outweigh the word itself', () => {
    const common = lexicalIndex([
      ...Array.from({ length: 30 }, (_, i) => passage(`fails-${i}`, `Registries fail, part ${i}.`)),
      passage('one-failure', 'One failure.'),
    ]);
    const [fail, failure] = [tokenize('fail')[0]!, tokenize('failure')[0]!];
    const weight = planQuery('why do they fail', common).groups[0]!.alternatives.get(failure)!;
    expect(weight).toBeGreaterThan(0);
    expect(weight).toBeLessThan(0.3);
    expect(weight * common.idf(failure)).toBeCloseTo(common.idf(fail), 6);
  });

  it('adds the WordNet synonyms the notes use for a word they do not, at half weight', () => {
    expect(alternatives('canals')).toEqual({ canals: { canal: 1, channel: 0.5 } });
    // A word the notes use gets no synonyms: they would only add noise.
    expect(alternatives('channels')).toEqual({ channels: { channel: 1 } });
  });

  /** Plans a long message: what the model embeds, and what some of its words count. */
  const asked = (message: string, focus: string, weights: Record<string, number>) => {
    const plan = planQuery(message, lexical);
    expect(plan.focus).toBe(focus);
    for (const [term, weight] of Object.entries(weights)) expect(plan.terms.get(term), term).toBe(weight);
    return plan;
  };

  it('searches a long message mostly for the sentence that asks', () => {
    const plan = asked(
      'Hi all, long time reader here. I was at the market this morning and people were arguing about the water again, as they do every spring. Some said the Board keeps the only copy of the ledger. Who dug the channels in the first place? Thanks in advance for any help.',
      'Who dug the channels in the first place?',
      { dug: 1, ledger: 0.25 },
    );
    expect(plan.focusSentence).toBe(plan.focus);
    expect(planQuery('Who dug the channels?', lexical).focusSentence).toBeUndefined();
  });

  it('asks a question that leans on an earlier sentence ("Is that true?") with the one that holds most of the notes’ words', () => {
    const told = 'Someone at the market told me the holders dug the channels with a loan from the bank many years ago.';
    const message = `Morning all, long time reader here. ${told} Sounds like a tall tale to me, the kind that grows each time it is told. Is that true?`;
    asked(message, `${told} Is that true?`, { dug: 1, tall: 0.25 });
    // A question with enough words of its own is asked alone.
    const own = 'Is it true that the holders dug the channels with a loan?';
    expect(planQuery(message.replace('Is that true?', own), lexical).focus).toBe(own);
  });

  it('takes the question after a colon as what a long message asks', () => {
    asked(
      'Hey all, the meeting got heated last night and a few people insisted the Board keeps the only copy of the ledger. I do not want to start a fight in here, but I would honestly like to know: who dug the channels in the first place? Thanks in advance.',
      'who dug the channels in the first place?',
      { fight: 0.25, dug: 1 },
    );
    // A colon in a sentence that asks nothing after it is not a cut: the sentence "it" leans on is whole.
    const note =
      'Note: the Board keeps the ledger, and the holders dug the channels over many years with a loan from nobody at all, or so the older farmers in the valley always told us.';
    asked(`${note} Who keeps it now? Thanks all, and thanks to everyone who answered last time too!`, `${note} Who keeps it now?`, {});
  });
});

describe('coverage', () => {
  it('counts a misspelling’s stand-in as found, and an unknown word as missing', () => {
    const judge = coverageJudge(planQuery('goverment registry', lexical).groups, lexical.idf);
    expect(judge(lexical.termsOf(0))).toBeCloseTo(1, 5);
    const unknown = coverageJudge(planQuery('quantum registry', lexical).groups, lexical.idf);
    expect(unknown(lexical.termsOf(0))).toBeLessThan(0.6);
  });
});

describe('acronyms the notes define', () => {
  const withAcronym = lexicalIndex([
    passage('x', 'Regional Internet Registries (RIRs) keep the registers of IP addresses.'),
    passage('y', 'An RIR has no authority over the holders it records.'),
  ]);

  it('are mined from "Long Form (ACRONYM)"', () => {
    expect(withAcronym.acronyms.get(tokenize('RIR')[0]!)).toEqual(tokenize('regional internet registries'));
  });

  it('stand for their long form, and the long form for them, at half weight', () => {
    const short = planQuery('do RIRs own addresses?', withAcronym);
    expect(Object.fromEntries(short.groups[0]!.alternatives)).toEqual({ rir: 1, region: 0.5, internet: 0.5, registri: 0.5 });
    const long = planQuery('do regional internet registries own addresses?', withAcronym);
    expect(long.terms.get('rir')).toBe(0.5);
    expect(long.groups.filter((g) => g.alternatives.get('rir') === 0.5)).toHaveLength(3);
  });
});

describe('slips of the keys', () => {
  it('leaves out a short word that is neither the notes’ nor English', () => {
    expect(alternatives('who owns teh channels')).toEqual({ owns: { own: 1 }, channels: { channel: 1 } });
  });
});

describe('a misspelling nearer to an English word than to the notes’', () => {
  const notes = lexicalIndex([passage('m', 'The movement of water under the old regime was slow.'), passage('w', 'Who went to the meeting?')]);

  it('stands for the English word, with the synonyms the notes use, not for the notes’ word two edits away', () => {
    const found = Object.fromEntries(planQuery('goverment', notes).groups[0]!.alternatives);
    expect(found).toEqual({ [tokenize('government')[0]!]: 0.7, [tokenize('regime')[0]!]: 0.35 });
    expect(found).not.toHaveProperty(tokenize('movement')[0]!);
  });

  it('leaves an irregular form as it is: "bought" is a word, not a slip for "bough"', () => {
    expect(Object.fromEntries(planQuery('bought', notes).groups[0]!.alternatives)).toEqual({ [tokenize('bought')[0]!]: 1 });
  });
});
