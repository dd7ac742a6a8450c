import Foundation

extension MarkdownRenderer {
    func codeLabel(language: String, number: Int) -> StyledLine {
        let name = language.isEmpty ? "code" : language
        return StyledLine([StyledRun(" \(name) ", styles.codeLabel.over(styles.codeBlock)),
                           StyledRun(" #\(number)", styles.codeNumber.over(styles.codeBlock))], fill: styles.codeBlock)
    }

    /// One line of a fenced block under a line-number gutter, highlighted when the block's language is known;
    /// `carry` is what the previous line left open and becomes what this one leaves open.
    func codeLine(_ text: Substring, number: Int, width: Int, language: SyntaxLanguage?,
                  carry: inout SyntaxCarry) -> [StyledLine] {
        let digits = max(3, String(number).count)
        let numberText = String(repeating: " ", count: digits - String(number).count) + String(number)
        let gutter = styles.codeNumber.over(styles.codeBlock)
        let first = [StyledRun(numberText + " │ ", gutter)]
        let next = [StyledRun(String(repeating: " ", count: digits) + " │ ", gutter)]
        let code: [StyledRun]
        if let language {
            code = SyntaxHighlighter.tokens(of: text, grammar: language.grammar, carry: &carry).map { token in
                StyledRun(token.text, styles.syntax.style(of: token.kind)?.over(styles.codeBlock) ?? styles.codeBlock)
            }
        } else {
            code = [StyledRun(String(text), styles.codeBlock)]
        }
        return LineWrapper.wrap(code, width: width, firstPrefix: first, nextPrefix: next, fill: styles.codeBlock)
    }
}
