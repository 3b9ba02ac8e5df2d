import type { QuestionProblem } from '../../answer/question.js';
import type { Catalogue } from './en.js';

function questionProblem(problem: QuestionProblem, what: string): string {
  switch (problem.kind) {
    case 'empty':
      return `${what}是空的：請就筆記提問，例如「區域網際網路註冊管理機構有法律權力嗎？」`;
    case 'too-long':
      return `${what}有 ${problem.length} 個字元；請少於 ${problem.max} 個，或只引用關鍵的一句。`;
    case 'no-words':
      return `${what}裡沒有文字：請用文字提問，例如「為什麼 IPv4 稀缺？」`;
  }
}

/** 繁體中文。 */
export const zhTW: Catalogue = {
  commands: {
    ask: {
      name: '提問',
      description: '向筆記提問：得到附連結的原文引用',
      question: { name: '問題', description: '例如：區域網際網路註冊管理機構有法律權力嗎？' },
      public: { name: '公開', description: '把回答發給所有人（預設只有你看得到）' },
    },
    quote: {
      name: '引用',
      description: '從一篇筆記中引用一段，附出處和連結',
      note: { name: '筆記', description: '輸入標題的開頭' },
      about: { name: '關於', description: '這段引文應當談什麼（預設：筆記的開頭）' },
    },
    claim: {
      name: '查證',
      description: '查證筆記是否提出某個具體說法（「60 兆美元」、「ICP-2」）',
      text: { name: '說法', description: '要查證的說法，例如：IPv4 可能值 60 兆美元' },
      public: { name: '公開', description: '把結果發給所有人（預設只有你看得到）' },
    },
    notes: {
      name: '筆記',
      description: '列出所有筆記及其日期和連結',
      filter: { name: '篩選', description: '只列出標題或標籤包含此內容的筆記' },
    },
    searchMessage: { name: '搜尋筆記' },
    help: { name: '說明', description: 'notes-bot 能做什麼' },
    reindex: { name: '重建索引', description: '立即重新讀取筆記資料夾並更新索引' },
    report: { name: '報告', description: '本週大家問了什麼、筆記沒有涵蓋什麼，以及回饋' },
  },
  question: (problem) => questionProblem(problem, '問題'),
  claimProblem: (problem) => questionProblem(problem, '說法'),
  asked: '問',
  weakAnswer: '以下是最接近的段落；筆記可能沒有回答這個問題。',
  notCovered: '筆記沒有談到這個問題。',
  closestNotes: '最接近的筆記：',
  noMorePassages: '這個問題沒有更多段落了。',
  more: '更多',
  share: '分享',
  shared: '已分享',
  wholePassages: '完整段落',
  sharedBy: (mention) => `由 ${mention} 分享`,
  alreadyShared: '這個回答已經分享過了。',
  expired: '這個回答已過期。請用 /ask 重新提問。',
  openInNote: '在筆記中開啟',
  searchedMessage: (link) => `已依[這則訊息](<${link}>)搜尋筆記`,
  searchedFor: (sentence) => `搜尋的是：「${sentence}」`,
  messageHasNoText: '這則訊息沒有可以用來搜尋筆記的文字。',
  claim: '說法',
  verdictStated: '筆記中有此說法。',
  verdictOtherContext: '這些數字出現在筆記中，但在另一個脈絡裡：並非這個說法。',
  verdictNotFound: '筆記中沒有此說法。',
  termsFound: (terms) => `找到：${terms}`,
  termsMissing: (terms) => `未找到：${terms}`,
  closestQuotes: '最接近的引文：',
  noteNotFound: (typed) => `沒有名為「${typed}」的筆記。請在「筆記」選項中輸入標題，並從清單中選擇。`,
  noText: (title) => `「${title}」沒有可以引用的文字。`,
  notesTitle: '筆記',
  notesMatching: (filter) => `包含「${filter}」的筆記`,
  noNoteMatches: '沒有符合篩選條件的筆記。',
  page: (page, pages, notes) => `第 ${page} 頁，共 ${pages} 頁 · ${notes} 篇筆記`,
  previous: '上一頁',
  next: '下一頁',
  cooldown: (when) => `你問得太快了：請在 ${when} 再試。`,
  unknownCommand: '這裡已不再有這個指令。',
  unknownButton: '這個按鈕已失效。請重新執行指令。',
  apology: (requestId) => `抱歉，我這邊出了問題。如果一再發生，請告知請求編號 \`${requestId}\`。`,
  reindexUpToDate: (notes, passages) => `索引已是最新：${notes} 篇筆記，${passages} 個段落。`,
  reindexDone: (notes, passages, embedded, removed, seconds) =>
    `已重建 ${notes} 篇筆記的索引，共 ${passages} 個段落：新嵌入 ${embedded} 個，刪除 ${removed} 個，用時 ${seconds} 秒。`,
  reindexSkipped: (count) => `略過 ${count} 個：`,
  helpTitle: 'notes-bot',
  helpIntro: '逐字引用 Lu Heng 的筆記來回答，每段都附有連結。它從不自己撰寫答案。',
  helpAsk: '用最多三段引文回答，每段都連結到筆記中的原句。**更多**顯示後面的段落；**分享**把私下的回答發給所有人。',
  helpQuote: '從一篇筆記中引用一段（與你的話題相關的一段，否則是開頭），附出處和連結。',
  helpClaim: '查證一個說法中的數字、名稱和短語，並說明筆記是否提出了它。',
  helpNotes: '逐頁列出所有筆記及其日期和連結。',
  helpSearchMessage: '長按一則訊息（手機）或按右鍵（電腦）› 應用程式 › 搜尋筆記：私下搜尋筆記中與它所問相關的內容。',
  helpHelp: '本清單。',
  helpReindex: '供伺服器管理員使用：立即重新讀取筆記資料夾（筆記有變動時機器人也會自動這樣做）。',
  author: 'Lu Heng',
  helpful: '有幫助',
  notHelpful: '沒幫助',
  voteThanks: '謝謝，已記下。',
  voteChanged: '謝謝，你的投票已變更。',
  voteSame: '你已經這樣投過票了。',
  voteExpired: '這個回答已不在紀錄中，無法計入投票。仍然謝謝你。',
  feedbackOff: '這裡不記錄回饋（問題紀錄已關閉）。',
  lookingForTitle: '你想找的是什麼？',
  lookingForLabel: '用幾句話說明（可不填）',
  commentThanks: '謝謝，作者會看到。',
  reportTitle: '最近 7 天',
  reportTotals: (questions, answered, notCovered, helpful, unhelpful) =>
    `${questions} 個問題：回答了 ${answered} 個，未涵蓋 ${notCovered} 個 · 投票：${helpful} 個有幫助，${unhelpful} 個沒幫助`,
  reportUncovered: '未涵蓋的問題（依主題）',
  reportTopic: (count, example) => `${count} × 「${example}」`,
  reportUnhelpful: '被評為沒幫助的回答',
  reportNone: '無。',
  reportFullPage: (command) => `附圖表的完整報告：\`${command}\``,
  reportOff: '問題紀錄已關閉（QUESTION_LOG=off），沒有可報告的內容。',
};
