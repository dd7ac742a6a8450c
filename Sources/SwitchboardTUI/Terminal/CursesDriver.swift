import CNCursesW
import Foundation

/// The real terminal, through ncursesw. The only file that sees a C type.
///
/// Every curses call happens on one dedicated thread: it waits on stdin and a wake pipe, drains `wget_wch` in
/// `nodelay` mode into terminal events, and applies the latest frame (only the cells that changed) with one
/// `doupdate`. Other threads only hand it frames and requests under a lock, then write to the wake pipe.
public final class CursesDriver: TerminalDriver, @unchecked Sendable {
    private let lock = NSLock()
    private var pendingFrame: ScreenBuffer?
    private var pendingClipboard: [String] = []
    private var invalidateRequested = false
    private var stopRequested = false
    private var running = false
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var startResult: Result<(Size, ColorDepth), TerminalError> = .failure(.notATerminal)
    private let environment: [String: String]
    /// Write OSC 8 hyperlinks around link cells after each frame (`Hyperlink.enabled` decides).
    private let hyperlinks: Bool

    // Owned by the curses thread.
    private var shown: ScreenBuffer?
    private var pairs: [Int: Int16] = [:]
    private var depth = ColorDepth.monochrome
    private var decoder = KeyDecoder()

    static let pasteBeginCode = sb_key_max() + 1
    static let pasteEndCode = sb_key_max() + 2

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, hyperlinks: Bool = false) {
        self.environment = environment
        self.hyperlinks = hyperlinks
    }

    public func start(events: @escaping @Sendable (TerminalEvent) -> Void) throws -> (Size, ColorDepth) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else { throw TerminalError.unusableTerm(term.isEmpty ? "(unset)" : term) }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError.notATerminal }
        (wakeRead, wakeWrite) = (fds[0], fds[1])
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        let thread = Thread { [self] in self.threadMain(term: term, events: events) }
        thread.name = "switchboard-curses"
        thread.start()
        ready.wait()
        return try startResult.get()
    }

    public func draw(_ frame: ScreenBuffer) {
        lock.withLock { pendingFrame = frame }
        wake()
    }

    public func invalidate() {
        lock.withLock { invalidateRequested = true }
        wake()
    }

    public func copyToClipboard(_ text: String) {
        lock.withLock { pendingClipboard.append(text) }
        wake()
    }

    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            let was = running
            stopRequested = true
            running = false
            return was
        }
        guard wasRunning else { return }
        wake()
        done.wait()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - The curses thread

    private func threadMain(term: String, events: @escaping @Sendable (TerminalEvent) -> Void) {
        setlocale(LC_ALL, "")
        guard let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r"),
              let screen = newterm(term, output, input) else {
            startResult = .failure(.unusableTerm(term))
            ready.signal()
            return
        }
        set_term(screen)
        raw()
        noecho()
        nonl()
        keypad(sb_stdscr(), true)
        nodelay(sb_stdscr(), true)
        leaveok(sb_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colors: Int(sb_colors()))
        }
        // Clicks focus panes, pick models and select replies; the wheel scrolls. (Shift+drag still selects text in
        // most terminals while the application has the mouse.) A press and its release read in one go come as a
        // click, so both are asked for; either acts. The release is asked for too, and ignored: an event outside
        // the mask makes ncurses wait in wget_wch for the next byte, nodelay or not, and the screen froze until
        // the next key.
        mousemask(sb_button1_pressed() | sb_button1_released() | sb_button1_clicked() | sb_button4_pressed()
                  | sb_button5_pressed(), nil)
        mouseinterval(0)
        define_key("\u{1B}[200~", Self.pasteBeginCode)
        define_key("\u{1B}[201~", Self.pasteEndCode)
        writeRaw("\u{1B}[?2004h")
        CrashRestore.install()
        lock.withLock { running = true }
        startResult = .success((currentSize(), depth))
        ready.signal()

        while !lock.withLock({ stopRequested }) {
            // After a crash the terminal belongs to the crash report: draw nothing, read nothing.
            if CrashRestore.crashed {
                usleep(100_000)
                continue
            }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            // A timeout, because ncurses notices SIGWINCH only when asked for input.
            _ = poll(&fds, 2, 50)
            if fds[1].revents != 0 { drainWakePipe() }
            let batch = readInput()
            // Decoding also runs with no input, so a paste that never ends times out (the poll wakes every 50 ms).
            let decoded = batch.isEmpty ? decoder.expire(at: .now) : decoder.decode(batch, at: .now)
            for event in decoded {
                if case .resize = event { shown = nil }
                events(event)
            }
            applyRequests()
        }

        writeRaw("\u{1B}[?2004l")
        mousemask(0, nil)
        endwin()
        CrashRestore.uninstall()
        delscreen(screen)
        fclose(output)
        fclose(input)
        done.signal()
    }

    private func readInput() -> [RawInput] {
        var batch: [RawInput] = []
        while true {
            var character: wint_t = 0
            let result = wget_wch(sb_stdscr(), &character)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                if let input = functionKey(Int32(character)) { batch.append(input) }
            } else {
                batch.append(.code(UInt32(character)))
            }
        }
        return batch
    }

    private func functionKey(_ code: Int32) -> RawInput? {
        switch code {
        case KEY_RESIZE: return .resize(currentSize())
        case Self.pasteBeginCode: return .pasteBegin
        case Self.pasteEndCode: return .pasteEnd
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if event.bstate & sb_button4_pressed() != 0 { return .key(.wheelUp) }
            if event.bstate & sb_button5_pressed() != 0 { return .key(.wheelDown) }
            if event.bstate & (sb_button1_pressed() | sb_button1_clicked()) != 0 {
                return .mouse(MouseEvent(.left, x: Int(event.x), y: Int(event.y)))
            }
            return nil
        default:
            for n in 1...12 where code == sb_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    private func applyRequests() {
        let (frame, clipboard, invalidate) = lock.withLock { () -> (ScreenBuffer?, [String], Bool) in
            defer { pendingFrame = nil; pendingClipboard = []; invalidateRequested = false }
            return (pendingFrame, pendingClipboard, invalidateRequested)
        }
        if invalidate {
            clearok(sb_curscr(), true)
            shown = nil
        }
        if let frame {
            let before = shown
            paint(frame)
            wnoutrefresh(sb_stdscr())
            doupdate()
            writeLinks(frame, previous: before)
        } else if invalidate {
            wrefresh(sb_curscr())
            if let shown { writeLinks(shown, previous: nil) }
        }
        for text in clipboard {
            writeRaw(Clipboard.sequence(for: Clipboard.capped(text).text))
        }
    }

    /// Copies the cells that differ from what is on screen.
    private func paint(_ frame: ScreenBuffer) {
        let size = currentSize()
        let previous = shown.flatMap { $0.size == frame.size ? $0 : nil }
        if previous == nil { werase(sb_stdscr()) }
        let width = min(frame.size.width, size.width), height = min(frame.size.height, size.height)
        for y in 0..<height {
            var x = 0
            while x < width {
                let cell = frame[x, y]
                defer { x += max(1, Int(cell.width)) }
                if cell.isContinuation { continue }
                if let previous, previous[x, y] == cell,
                   cell.width != 2 || x + 1 >= width || previous[x + 1, y] == frame[x + 1, y] { continue }
                if cell.width == 2 && x + 1 >= width { continue }
                put(cell, x: x, y: y)
            }
        }
        shown = frame
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var wide: [wchar_t] = cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if wide.isEmpty { wide = [wchar_t(32)] }
        wide.append(0)
        var cchar = cchar_t()
        _ = sb_setcchar(&cchar, wide, attributes(of: cell.style), Int32(pair(for: cell.style)))
        mvwadd_wch(sb_stdscr(), Int32(y), Int32(x), &cchar)
    }

    func attributes(of style: Style) -> attr_t {
        var value = sb_a_normal()
        if style.attributes.contains(.bold) { value |= sb_a_bold() }
        // Curses has no strike-through attribute (no A_/WA_ bit for SGR 9): struck text is drawn dim instead.
        if style.attributes.contains(.dim) || style.attributes.contains(.strikethrough) { value |= sb_a_dim() }
        if style.attributes.contains(.italic) { value |= sb_a_italic() }
        if style.attributes.contains(.underline) { value |= sb_a_underline() }
        if style.attributes.contains(.reverse) { value |= sb_a_reverse() }
        return value
    }

    /// The colour pair for a style's colours, allocated on first use.
    private func pair(for style: Style) -> Int16 {
        guard depth != .monochrome else { return 0 }
        let foreground = style.foreground.cursesNumber(at: depth), background = style.background.cursesNumber(at: depth)
        if foreground == -1 && background == -1 { return 0 }
        let key = (foreground + 1) << 16 | (background + 1)
        if let existing = pairs[key] { return existing }
        let next = pairs.count + 1
        guard next < min(Int(sb_color_pairs()), Int(Int16.max)) else { return 0 }
        init_pair(Int16(next), Int16(foreground), Int16(background))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// Prints the link cells curses may have just written over again, inside OSC 8 (see `OSC8.repaint`).
    private func writeLinks(_ frame: ScreenBuffer, previous: ScreenBuffer?) {
        guard hyperlinks else { return }
        let bytes = OSC8.repaint(frame, previous: previous, visible: currentSize(), depth: depth)
        if !bytes.isEmpty { writeRaw(bytes) }
    }

    private func currentSize() -> Size {
        var rows: Int32 = 0, columns: Int32 = 0
        sb_getmaxyx(sb_stdscr(), &rows, &columns)
        return Size(width: Int(columns), height: Int(rows))
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    private func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// glibc's `wcwidth` for each scalar under a UTF-8 locale: the reference `TextWidth` is tested against.
    public static func systemWidths(of scalars: [Unicode.Scalar]) -> [Int] {
        let previous = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        setlocale(LC_CTYPE, "C.UTF-8")
        defer { setlocale(LC_CTYPE, previous ?? "C") }
        return scalars.map { Int(sb_wcwidth($0.value)) }
    }
}

/// If the process crashes while curses owns the terminal, put the terminal back before dying: the termios
/// settings from before curses, and the modes curses and the driver switched on. Only async-signal-safe calls.
private enum CrashRestore {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var crashed = false
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    /// The handlers that were there before (the Swift runtime's backtracer): they run after the terminal is back.
    nonisolated(unsafe) static var previous: [sigaction] = Array(repeating: sigaction(), count: 6)

    static func install() {
        // newterm saved the terminal's modes from before curses as the "shell mode": read them back once.
        reset_shell_mode()
        tcgetattr(STDIN_FILENO, &saved)
        reset_prog_mode()
        active = true
        for (index, number) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                CrashRestore.crashed = true
                if CrashRestore.active {
                    CrashRestore.active = false
                    tcsetattr(STDIN_FILENO, TCSANOW, &CrashRestore.saved)
                    let reset: StaticString = "\u{1B}[0m\u{1B}[?2004l\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[?25h\u{1B}[?1049l\r\n"
                    _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
                }
                for (slot, known) in CrashRestore.signals.enumerated() where known == number {
                    sigaction(number, &CrashRestore.previous[slot], nil)
                }
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, &previous[index])
        }
    }

    static func uninstall() {
        guard active else { return }
        active = false
        for (index, number) in signals.enumerated() { sigaction(number, &previous[index], nil) }
    }
}
