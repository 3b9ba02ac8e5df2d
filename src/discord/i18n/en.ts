import { describeQuestionProblem, type QuestionProblem } from '../../answer/question.js';

/**
 * Every word the bot says in Discord, in English: the catalogue the other languages translate.
 * Values are text, or functions of what varies. Text the bot did not write (a question, a note's
 * title) comes in already escaped. `when` is a Discord timestamp, shown in the reader's own format.
 */
export const en = {
  commands: {
    ask: {
      name: 'ask',
      description: 'Ask the notes a question: get quoted passages with links',
      question: { name: 'question', description: 'e.g. do registries have legal authority?' },
      public: { name: 'public', description: 'Post the answer for everyone (default: only you see it)' },
    },
    quote: {
      name: 'quote',
      description: 'Post a quotable passage from a note, with attribution and link',
      note: { name: 'note', description: 'Start typing a title' },
      about: { name: 'about', description: 'What the passage should be about (default: the note’s opening)' },
    },
    claim: {
      name: 'claim',
      description: 'Check whether the notes make a specific claim ("$60 trillion", "ICP-2")',
      text: { name: 'text', description: 'The claim, e.g. IPv4 could be worth $60 trillion' },
      public: { name: 'public', description: 'Post the result for everyone (default: only you see it)' },
    },
    notes: {
      name: 'notes',
      description: 'List the notes with their dates and links',
      filter: { name: 'filter', description: 'Only notes whose title or tags contain this' },
    },
    searchMessage: { name: 'Search notes' },
    help: { name: 'help', description: 'What notes-bot can do' },
    reindex: { name: 'reindex', description: 'Re-read the notes folder and update the index now' },
  },
  question: (problem: QuestionProblem) => describeQuestionProblem(problem),
  claimProblem: (problem: QuestionProblem) => describeQuestionProblem(problem).replace(/question/g, 'claim'),
  asked: 'Q',
  weakAnswer: 'Closest passages; the notes may not answer this.',
  notCovered: 'The notes don’t cover this.',
  closestNotes: 'Closest notes:',
  noMorePassages: 'There are no more passages for this question.',
  more: 'More',
  share: 'Share',
  shared: 'Shared',
  wholePassages: 'Whole passages',
  sharedBy: (mention: string) => `Shared by ${mention}`,
  alreadyShared: 'This answer has been shared already.',
  expired: 'This answer has expired. Ask again with /ask.',
  openInNote: 'Open in the note',
  searchedMessage: (link: string) => `Searched the notes for [this message](<${link}>)`,
  searchedFor: (sentence: string) => `Searched for: “${sentence}”`,
  messageHasNoText: 'That message has no text to search the notes for.',
  claim: 'Claim',
  verdictStated: 'Stated in the notes.',
  verdictOtherContext: 'The numbers appear in the notes, but in another context: not this claim.',
  verdictNotFound: 'Not in the notes.',
  termsFound: (terms: string) => `Found: ${terms}`,
  termsMissing: (terms: string) => `Not found: ${terms}`,
  closestQuotes: 'Closest quotes:',
  noteNotFound: (typed: string) => `There is no note called “${typed}”. Start typing in the note option and pick a title from the list.`,
  noText: (title: string) => `“${title}” has no text to quote.`,
  notesTitle: 'Notes',
  notesMatching: (filter: string) => `Notes matching “${filter}”`,
  noNoteMatches: 'No note matches that filter.',
  page: (page: number, pages: number, notes: number) => `Page ${page} of ${pages} · ${notes} notes`,
  previous: 'Previous',
  next: 'Next',
  cooldown: (when: string) => `You’re asking quickly: try again ${when}.`,
  unknownCommand: 'That command is not known here any more.',
  unknownButton: 'That button is no longer active. Run the command again.',
  apology: (requestId: string) => `Sorry, something went wrong on my side. If it keeps happening, mention request id \`${requestId}\`.`,
  reindexUpToDate: (notes: number, passages: number) => `The index was already up to date: ${notes} notes, ${passages} passages.`,
  reindexDone: (notes: number, passages: number, embedded: number, removed: number, seconds: string) =>
    `Re-indexed ${notes} notes into ${passages} passages: ${embedded} embedded, ${removed} removed, in ${seconds} s.`,
  reindexSkipped: (count: number) => `${count} skipped:`,
  helpTitle: 'notes-bot',
  helpIntro: 'Answers by quoting Lu Heng’s Notes, word for word, with a link to each passage. It never writes answers of its own.',
  helpAsk:
    'Answers with up to three quoted passages, each linked to its sentence in the note. **More** shows the next ones; **Share** posts a private answer for everyone.',
  helpQuote: 'Posts a quotable passage from a note (the one about your topic, else its opening), with attribution and link.',
  helpClaim: 'Checks a claim’s numbers, names and phrases, and says whether the notes state it.',
  helpNotes: 'Lists the notes with their dates and links, a page at a time.',
  helpSearchMessage: 'Long-press a message (phone) or right-click it (desktop) › Apps › Search notes: searches the notes for what it asks, privately.',
  helpHelp: 'This list.',
  helpReindex: 'For server managers: re-reads the notes folder now (the bot also does so by itself when notes change).',
  author: 'Lu Heng',
};

export type Catalogue = typeof en;
