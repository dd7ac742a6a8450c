import Foundation

/// Everything a key can ask for. The keymap binds keys to commands; `update` decides what each means in the
/// current state.
public enum Command: String, Hashable, Sendable, CaseIterable {
    // The whole app
    case interrupt, quit, redraw, toggleHelp, openPicker, openHistory, focusNext, focusPrevious, newSession
    case copyCodeBlock, back, showWhy, toggleThinking
    // Editing text (the input box, filters, prompts)
    case send, insertNewline, deleteBackward, deleteForward, deleteWordBackward, deleteWordForward
    case killToLineEnd, killToLineStart, moveLeft, moveRight, moveWordLeft, moveWordRight, moveLineStart, moveLineEnd
    case moveUp, moveDown, dropAttachments
    // The transcript
    case scrollUp, scrollDown, pageUp, pageDown, scrollTop, scrollBottom, wheelUp, wheelDown, focusInput
    case previousReply, nextReply
    /// Copy the selected reply to the clipboard (OSC 52).
    case copyReply
    // The conversation tree: versions of a reply or a prompt, edit, regenerate, the tree window
    case previousVersion, nextVersion, previousPromptVersion, nextPromptVersion, editPrompt, regenerate
    // Lists (picker, history, help)
    case selectPrevious, selectNext, selectPagePrevious, selectPageNext, choose
    // History
    case renameSession, deleteSession, exportSession, startSearch
    // Dialogs
    case confirm, decline
    // Tool calls: answer the one waiting (y once, a always for the tool, n refuse); fold or unfold results
    case approveToolOnce, approveToolAlways, refuseTool, refuseToolWithReason, toggleToolResults
    /// `/tools`: turn the selected tool on or off.
    case toggleTool
}
