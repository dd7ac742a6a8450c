import Foundation

/// The side-effect boundary to the terminal. `CursesDriver` is the real one; `BufferDriver` keeps frames in
/// memory for tests and benchmarks.
public protocol TerminalDriver: AnyObject, Sendable {
    /// Takes over the terminal and starts delivering input to `events`. Returns the current size and colour depth.
    func start(events: @escaping @Sendable (TerminalEvent) -> Void) throws -> (Size, ColorDepth)
    /// Shows `frame`, copying only the cells that changed since the last one.
    func draw(_ frame: ScreenBuffer)
    /// Forgets what is on screen, so the next `draw` repaints every cell (Ctrl-L).
    func invalidate()
    /// Puts `text` on the system clipboard through the terminal (OSC 52).
    func copyToClipboard(_ text: String)
    /// Gives the terminal back exactly as it was. Safe to call more than once.
    func stop()
}

/// Why the terminal could not be taken over, in words a person can act on.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case unusableTerm(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "the workbench needs a terminal: standard input and output must be a TTY (use `switchboard ask` in scripts)"
        case .unusableTerm(let term):
            "cannot use the terminal type '\(term)': set TERM to one your system knows (e.g. xterm-256color)"
        }
    }
}
