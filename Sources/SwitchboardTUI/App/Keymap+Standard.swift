import Foundation

extension Keymap {
    /// The workbench's keys. Every entry shows in the help overlay (F1) and is tested to do something.
    public static let standard = Keymap(bindings: [
        // Everywhere
        KeyBinding([.ctrl("c")], .interrupt, .global, when: .streaming, help: "Cancel the reply in flight (the partial answer is kept)", hint: "cancel"),
        // The first live binding wins: a reply in flight is cancelled before a draft is cleared.
        KeyBinding([.ctrl("c")], .interrupt, .global, when: .inputNotEmpty,
                   help: "Clear the unsent message (Up brings it back; Ctrl-C again quits)", hint: "clear"),
        KeyBinding([.ctrl("c")], .interrupt, .global, when: .idle, help: "Quit (when no reply is in flight and the message box is empty)", hint: "quit"),
        KeyBinding([.escape], .back, .global, when: .streaming, help: "Cancel the reply in flight"),
        KeyBinding([.ctrl("d")], .quit, .global, when: .inputEmpty, help: "Quit (when the message box is empty)"),
        KeyBinding([.function(1)], .toggleHelp, .global, help: "Show or hide this help", hint: "help"),
        KeyBinding([.ctrl("p")], .openPicker, .global, help: "Choose the model (focus the picker, or open it when narrow)", hint: "model"),
        KeyBinding([.ctrl("h"), .function(2)], .openHistory, .global, help: "Browse, search and resume past sessions", hint: "history"),
        KeyBinding([.tab], .focusNext, .global, help: "Move focus to the next pane"),
        KeyBinding([.backTab], .focusPrevious, .global, help: "Move focus to the previous pane"),
        KeyBinding([.ctrl("n")], .newSession, .global, when: .idle, help: "Start a new session"),
        KeyBinding([.ctrl("y")], .copyCodeBlock, .global, help: "Copy code block #N to the clipboard (OSC 52)"),
        KeyBinding([.function(3)], .showWhy, .global, help: "Why: the route decision behind the selected reply (the latest if none)", hint: "why"),
        KeyBinding([.ctrl("t")], .toggleThinking, .global, help: "Fold or unfold the thinking of the selected reply (the latest if none)"),
        KeyBinding([.ctrl("l")], .redraw, .global, help: "Redraw the screen"),
        KeyBinding([.pageUp], .pageUp, .global, help: "Scroll the conversation up a page"),
        KeyBinding([.pageDown], .pageDown, .global, help: "Scroll the conversation down a page"),
        KeyBinding([.home], .scrollTop, .global, help: "Scroll to the start of the conversation"),
        KeyBinding([.end], .scrollBottom, .global, help: "Scroll to the end and follow the reply"),
        KeyBinding([.wheelUp], .wheelUp, .global, help: "Scroll the conversation up"),
        KeyBinding([.wheelDown], .wheelDown, .global, help: "Scroll the conversation down"),
        // A tool call waiting for approval: these come before typing, wherever the focus is.
        KeyBinding([.char("y")], .approveToolOnce, .global, when: .toolApproval, help: "Tool call waiting: run it once", hint: "run once"),
        KeyBinding([.char("a")], .approveToolAlways, .global, when: .toolApproval,
                   help: "Tool call waiting: run it, and this tool without asking for the rest of the session", hint: "always"),
        KeyBinding([.char("n")], .refuseTool, .global, when: .toolApproval,
                   help: "Tool call waiting: refuse it (the model is told it was refused)", hint: "refuse"),
        KeyBinding([.char("N")], .refuseToolWithReason, .global, when: .toolApproval,
                   help: "Tool call waiting: refuse it and say why (the model reads the reason)"),

        // Message box
        KeyBinding([.enter], .send, .input, help: "Send the message", hint: "send"),
        KeyBinding([.altEnter, .ctrl("j")], .insertNewline, .input, help: "Insert a newline", hint: "newline"),
        KeyBinding([.backspace], .deleteBackward, .input, help: "Delete the character before the cursor"),
        KeyBinding([.delete], .deleteForward, .input, help: "Delete the character under the cursor"),
        KeyBinding([.ctrl("d")], .deleteForward, .input, when: .inputNotEmpty, help: "Delete the character under the cursor"),
        KeyBinding([.ctrl("w")], .deleteWordBackward, .input, help: "Delete the word before the cursor"),
        KeyBinding([.alt("d")], .deleteWordForward, .input, help: "Delete the word after the cursor"),
        KeyBinding([.ctrl("k")], .killToLineEnd, .input, help: "Delete to the end of the line"),
        KeyBinding([.ctrl("u")], .killToLineStart, .input, help: "Delete to the start of the line"),
        KeyBinding([.left, .ctrl("b")], .moveLeft, .input, help: "Cursor left"),
        KeyBinding([.right, .ctrl("f")], .moveRight, .input, help: "Cursor right"),
        KeyBinding([.alt("b")], .moveWordLeft, .input, help: "Cursor to the previous word"),
        KeyBinding([.alt("f")], .moveWordRight, .input, help: "Cursor to the next word"),
        KeyBinding([.ctrl("a")], .moveLineStart, .input, help: "Cursor to the start of the line"),
        KeyBinding([.ctrl("e")], .moveLineEnd, .input, help: "Cursor to the end of the line"),
        KeyBinding([.up], .moveUp, .input, help: "Line up; on the first line, recall the previous prompt"),
        KeyBinding([.down], .moveDown, .input, help: "Line down; on the last line, recall the next prompt"),
        KeyBinding([.ctrl("x")], .dropAttachments, .input, when: .attachmentsPending,
                   help: "Drop the files attached to the next message (/attach clear does the same)", hint: "drop files"),

        // Conversation
        KeyBinding([.up, .char("k")], .scrollUp, .transcript, help: "Scroll up a line"),
        KeyBinding([.down, .char("j")], .scrollDown, .transcript, help: "Scroll down a line"),
        KeyBinding([.char("?")], .toggleHelp, .transcript, help: "Show help"),
        KeyBinding([.char("p"), .char("[")], .previousReply, .transcript, help: "Select the previous reply", hint: "prev reply"),
        KeyBinding([.char("n"), .char("]")], .nextReply, .transcript, help: "Select the next reply"),
        KeyBinding([.char("w")], .showWhy, .transcript, help: "Why: the route decision behind the selected reply", hint: "why"),
        KeyBinding([.char("t")], .toggleThinking, .transcript, help: "Fold or unfold the selected reply's thinking", hint: "thinking"),
        KeyBinding([.char("y")], .copyReply, .transcript,
                   help: "Copy the selected reply (the latest if none) to the clipboard (OSC 52, up to 100 KB)", hint: "copy"),
        KeyBinding([.enter], .focusInput, .transcript, help: "Back to the message box", hint: "write"),
        KeyBinding([.char("o")], .toggleToolResults, .transcript,
                   help: "Unfold or fold the tool results under the selected reply (the latest calls if none)"),
        KeyBinding([.left, .char("h")], .previousVersion, .transcript,
                   help: "Previous version of the selected reply (the latest if none), shown as ‹ 2/3 ›", hint: "versions"),
        KeyBinding([.right, .char("l")], .nextVersion, .transcript, help: "Next version of the selected reply"),
        KeyBinding([.char("<")], .previousPromptVersion, .transcript, help: "Previous version of the prompt above the selected reply"),
        KeyBinding([.char(">")], .nextPromptVersion, .transcript, help: "Next version of the prompt above the selected reply"),
        KeyBinding([.char("e")], .editPrompt, .transcript,
                   help: "Edit the prompt above the selected reply (the latest if none): Enter sends it as a new version", hint: "edit"),
        KeyBinding([.char("r")], .regenerate, .transcript,
                   help: "Regenerate the selected reply with the same model (/regen MODEL,… with others)", hint: "regenerate"),

        // Compared answers
        KeyBinding([.left, .char("h")], .selectPrevious, .compare, help: "Select the answer to the left", hint: "←/→ select"),
        KeyBinding([.right, .char("l")], .selectNext, .compare, help: "Select the answer to the right"),
        KeyBinding([.enter], .choose, .compare, help: "Continue the conversation from the selected answer", hint: "continue from it"),
        KeyBinding([.up, .char("k")], .scrollUp, .compare, help: "Scroll the answers up a line"),
        KeyBinding([.down, .char("j")], .scrollDown, .compare, help: "Scroll the answers down a line"),
        KeyBinding([.char("w")], .showWhy, .compare, help: "Why: the route decision behind the selected answer", hint: "why"),
        KeyBinding([.char("t")], .toggleThinking, .compare, help: "Fold or unfold the selected answer's thinking"),
        KeyBinding([.char("y")], .copyReply, .compare, help: "Copy the selected answer to the clipboard (OSC 52, up to 100 KB)"),
        KeyBinding([.escape], .back, .compare, when: .idle, help: "Back to the message box", hint: "back"),

        // Model picker
        KeyBinding([.up], .selectPrevious, .picker, help: "Previous model"),
        KeyBinding([.down], .selectNext, .picker, help: "Next model"),
        KeyBinding([.pageUp], .selectPagePrevious, .picker, help: "Up a page"),
        KeyBinding([.pageDown], .selectPageNext, .picker, help: "Down a page"),
        KeyBinding([.enter], .choose, .picker, help: "Use this model from the next turn on", hint: "use model"),
        KeyBinding([.backspace], .deleteBackward, .picker, help: "Delete from the filter (type to filter)"),
        KeyBinding([.escape], .back, .picker, help: "Clear the filter, then close", hint: "back"),

        // History browser
        KeyBinding([.up], .selectPrevious, .history, help: "Previous session"),
        KeyBinding([.down], .selectNext, .history, help: "Next session"),
        KeyBinding([.pageUp], .selectPagePrevious, .history, help: "Up a page"),
        KeyBinding([.pageDown], .selectPageNext, .history, help: "Down a page"),
        KeyBinding([.enter], .choose, .history, help: "Resume the session", hint: "resume"),
        KeyBinding([.char("r")], .renameSession, .history, when: .historyListing, help: "Rename the session", hint: "rename"),
        KeyBinding([.char("d")], .deleteSession, .history, when: .historyListing, help: "Delete the session (asks first)", hint: "delete"),
        KeyBinding([.char("e")], .exportSession, .history, when: .historyListing, help: "Export the session as Markdown", hint: "export"),
        KeyBinding([.char("/")], .startSearch, .history, when: .historyListing, help: "Search all messages (or just start typing)", hint: "search"),
        KeyBinding([.backspace], .deleteBackward, .history, when: .historySearching, help: "Delete from the search"),
        KeyBinding([.escape], .back, .history, help: "Clear the search, then close", hint: "close"),

        // Help
        KeyBinding([.up, .char("k")], .scrollUp, .help, help: "Scroll up"),
        KeyBinding([.down, .char("j")], .scrollDown, .help, help: "Scroll down"),
        KeyBinding([.pageUp], .pageUp, .help, help: "Up a page"),
        KeyBinding([.pageDown], .pageDown, .help, help: "Down a page"),
        KeyBinding([.escape, .char("q"), .char("?"), .function(1)], .back, .help, help: "Close help", hint: "close"),

        // Why
        KeyBinding([.up, .char("k")], .scrollUp, .why, help: "Scroll up"),
        KeyBinding([.down, .char("j")], .scrollDown, .why, help: "Scroll down"),
        KeyBinding([.pageUp], .pageUp, .why, help: "Up a page"),
        KeyBinding([.pageDown], .pageDown, .why, help: "Down a page"),
        KeyBinding([.escape, .char("q"), .char("w"), .function(3)], .back, .why, help: "Close", hint: "close"),

        // Tools (/tools)
        KeyBinding([.up, .char("k")], .selectPrevious, .tools, help: "Previous tool"),
        KeyBinding([.down, .char("j")], .selectNext, .tools, help: "Next tool"),
        KeyBinding([.char(" ")], .toggleTool, .tools, help: "Turn the selected tool off (later turns do not offer it) or on again",
                   hint: "on/off"),
        KeyBinding([.escape, .char("q")], .back, .tools, help: "Close the tools list", hint: "close"),

        // Conversation tree
        KeyBinding([.up, .char("k")], .selectPrevious, .tree, help: "Previous message"),
        KeyBinding([.down, .char("j")], .selectNext, .tree, help: "Next message"),
        KeyBinding([.pageUp], .selectPagePrevious, .tree, help: "Up a page"),
        KeyBinding([.pageDown], .selectPageNext, .tree, help: "Down a page"),
        KeyBinding([.enter], .choose, .tree, help: "Show the conversation through this message (the branch below it where it was left)",
                   hint: "jump there"),
        KeyBinding([.escape, .char("q")], .back, .tree, help: "Close", hint: "close"),

        // Prompts
        KeyBinding([.enter], .confirm, .prompt, help: "Accept", hint: "accept"),
        KeyBinding([.backspace], .deleteBackward, .prompt, help: "Delete a character"),
        KeyBinding([.escape], .back, .prompt, help: "Cancel", hint: "cancel"),

        // Confirmations
        KeyBinding([.char("y")], .confirm, .confirm, help: "Yes", hint: "yes"),
        KeyBinding([.char("n"), .escape], .decline, .confirm, help: "No", hint: "no"),
    ])
}
