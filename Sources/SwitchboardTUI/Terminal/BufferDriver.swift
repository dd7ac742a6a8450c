import Foundation

/// A terminal in memory: it keeps the last frame, counts the cells each draw changed, and lets a test type keys.
public final class BufferDriver: TerminalDriver, @unchecked Sendable {
    private let lock = NSLock()
    private var size: Size
    private let depth: ColorDepth
    private var frame: ScreenBuffer
    private var sink: (@Sendable (TerminalEvent) -> Void)?
    private var changed = 0
    private var draws = 0
    private var clipboard: [String] = []
    private var stopped = false

    public init(size: Size = Size(width: 120, height: 40), depth: ColorDepth = .full256) {
        self.size = size
        self.depth = depth
        frame = ScreenBuffer(size: size)
    }

    public func start(events: @escaping @Sendable (TerminalEvent) -> Void) throws -> (Size, ColorDepth) {
        lock.withLock { sink = events }
        return (size, depth)
    }

    public func draw(_ next: ScreenBuffer) {
        lock.withLock {
            var count = 0
            if next.size != frame.size {
                count = next.cells.count
            } else {
                for index in next.cells.indices where next.cells[index] != frame.cells[index] { count += 1 }
            }
            changed = count
            draws += 1
            frame = next
        }
    }

    public func invalidate() {
        lock.withLock { frame = ScreenBuffer(size: Size(width: 0, height: 0)) }
    }

    public func copyToClipboard(_ text: String) {
        lock.withLock { clipboard.append(text) }
    }

    public func stop() {
        lock.withLock { stopped = true }
    }

    // MARK: - What tests look at and do

    public var lastFrame: ScreenBuffer { lock.withLock { frame } }
    public var lines: [String] { lastFrame.lines() }
    public var cellsChangedByLastDraw: Int { lock.withLock { changed } }
    public var drawCount: Int { lock.withLock { draws } }
    public var copied: [String] { lock.withLock { clipboard } }
    public var isStopped: Bool { lock.withLock { stopped } }

    public func send(_ event: TerminalEvent) {
        let sink = lock.withLock { self.sink }
        sink?(event)
    }

    public func type(_ keys: Key...) { send(.keys(keys)) }

    public func resize(to newSize: Size) {
        lock.withLock { size = newSize }
        send(.resize(newSize))
    }
}
