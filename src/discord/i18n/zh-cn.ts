import type { QuestionProblem } from '../../answer/question.js';
import type { Catalogue } from './en.js';

function questionProblem(problem: QuestionProblem, what: string): string {
  switch (problem.kind) {
    case 'empty':
      return `${what}是空的：请就笔记提问，例如“地区互联网注册管理机构有法律权力吗？”`;
    case 'too-long':
      return `${what}有 ${problem.length} 个字符；请少于 ${problem.max} 个，或只引用关键的一句。`;
    case 'no-words':
      return `${what}里没有文字：请用文字提问，例如“为什么 IPv4 稀缺？”`;
  }
}

/** 简体中文。 */
export const zhCN: Catalogue = {
  commands: {
    ask: {
      name: '提问',
      description: '向笔记提问：得到带链接的原文引用',
      question: { name: '问题', description: '例如：地区互联网注册管理机构有法律权力吗？' },
      public: { name: '公开', description: '把回答发给所有人（默认只有你能看到）' },
    },
    quote: {
      name: '引用',
      description: '从一篇笔记中引用一段，附出处和链接',
      note: { name: '笔记', description: '输入标题的开头' },
      about: { name: '关于', description: '这段引文应当谈什么（默认：笔记的开头）' },
    },
    claim: {
      name: '核实',
      description: '核实笔记是否提出某个具体说法（“60 万亿美元”、“ICP-2”）',
      text: { name: '说法', description: '要核实的说法，例如：IPv4 可能值 60 万亿美元' },
      public: { name: '公开', description: '把结果发给所有人（默认只有你能看到）' },
    },
    notes: {
      name: '笔记',
      description: '列出所有笔记及其日期和链接',
      filter: { name: '筛选', description: '只列出标题或标签包含此内容的笔记' },
    },
    searchMessage: { name: '搜索笔记' },
    help: { name: '帮助', description: 'notes-bot 能做什么' },
    reindex: { name: '重建索引', description: '立即重新读取笔记文件夹并更新索引' },
    report: { name: '报告', description: '本周大家问了什么、笔记没有涵盖什么，以及反馈' },
  },
  question: (problem) => questionProblem(problem, '问题'),
  claimProblem: (problem) => questionProblem(problem, '说法'),
  asked: '问',
  weakAnswer: '以下是最接近的段落；笔记可能没有回答这个问题。',
  notCovered: '笔记没有谈到这个问题。',
  closestNotes: '最接近的笔记：',
  noMorePassages: '这个问题没有更多段落了。',
  more: '更多',
  share: '分享',
  shared: '已分享',
  wholePassages: '完整段落',
  sharedBy: (mention) => `由 ${mention} 分享`,
  alreadyShared: '这个回答已经分享过了。',
  expired: '这个回答已过期。请用 /ask 重新提问。',
  openInNote: '在笔记中打开',
  searchedMessage: (link) => `已按[这条消息](<${link}>)搜索笔记`,
  searchedFor: (sentence) => `搜索的是：“${sentence}”`,
  messageHasNoText: '这条消息没有可以用来搜索笔记的文字。',
  claim: '说法',
  verdictStated: '笔记中有此说法。',
  verdictOtherContext: '这些数字出现在笔记中，但在另一个语境里：并非这个说法。',
  verdictNotFound: '笔记中没有此说法。',
  termsFound: (terms) => `找到：${terms}`,
  termsMissing: (terms) => `未找到：${terms}`,
  closestQuotes: '最接近的引文：',
  noteNotFound: (typed) => `没有名为“${typed}”的笔记。请在“笔记”选项中输入标题，并从列表中选择。`,
  noText: (title) => `“${title}”没有可以引用的文字。`,
  notesTitle: '笔记',
  notesMatching: (filter) => `包含“${filter}”的笔记`,
  noNoteMatches: '没有符合筛选条件的笔记。',
  page: (page, pages, notes) => `第 ${page} 页，共 ${pages} 页 · ${notes} 篇笔记`,
  previous: '上一页',
  next: '下一页',
  cooldown: (when) => `你问得太快了：请在 ${when} 再试。`,
  unknownCommand: '这里已不再有这个命令。',
  unknownButton: '这个按钮已失效。请重新运行命令。',
  apology: (requestId) => `抱歉，我这边出了问题。如果一再发生，请告知请求编号 \`${requestId}\`。`,
  reindexUpToDate: (notes, passages) => `索引已是最新：${notes} 篇笔记，${passages} 个段落。`,
  reindexDone: (notes, passages, embedded, removed, seconds) =>
    `已重建 ${notes} 篇笔记的索引，共 ${passages} 个段落：新嵌入 ${embedded} 个，删除 ${removed} 个，用时 ${seconds} 秒。`,
  reindexSkipped: (count) => `跳过 ${count} 个：`,
  helpTitle: 'notes-bot',
  helpIntro: '逐字引用 Lu Heng 的笔记来回答，每段都附有链接。它从不自己编写答案。',
  helpAsk: '用最多三段引文回答，每段都链接到笔记中的原句。**更多**显示后面的段落；**分享**把私下的回答发给所有人。',
  helpQuote: '从一篇笔记中引用一段（与你的话题相关的一段，否则是开头），附出处和链接。',
  helpClaim: '核实一个说法中的数字、名称和短语，并说明笔记是否提出了它。',
  helpNotes: '逐页列出所有笔记及其日期和链接。',
  helpSearchMessage: '长按一条消息（手机）或右键点击它（电脑）› 应用 › 搜索笔记：私下搜索笔记中与它所问相关的内容。',
  helpHelp: '本列表。',
  helpReindex: '供服务器管理员使用：立即重新读取笔记文件夹（笔记有变化时机器人也会自动这样做）。',
  author: 'Lu Heng',
  helpful: '有帮助',
  notHelpful: '没帮助',
  voteThanks: '谢谢，已记下。',
  voteChanged: '谢谢，你的投票已更改。',
  voteSame: '你已经这样投过票了。',
  voteExpired: '这个回答已不在记录中，无法计入投票。仍然谢谢你。',
  feedbackOff: '这里不记录反馈（问题记录已关闭）。',
  lookingForTitle: '你想找的是什么？',
  lookingForLabel: '用几句话说明（可不填）',
  commentThanks: '谢谢，作者会看到。',
  reportTitle: '最近 7 天',
  reportTotals: (questions, answered, notCovered, helpful, unhelpful) =>
    `${questions} 个问题：回答了 ${answered} 个，未涵盖 ${notCovered} 个 · 投票：${helpful} 个有帮助，${unhelpful} 个没帮助`,
  reportUncovered: '未涵盖的问题（按主题）',
  reportTopic: (count, example) => `${count} × “${example}”`,
  reportUnhelpful: '被评为没帮助的回答',
  reportNone: '无。',
  reportFullPage: (command) => `带图表的完整报告：\`${command}\``,
  reportOff: '问题记录已关闭（QUESTION_LOG=off），没有可报告的内容。',
};
