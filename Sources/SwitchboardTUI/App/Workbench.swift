import Foundation
import SwitchboardConfig
import SwitchboardCore

/// What the workbench runs on: the engine, the store (optional: without it nothing is saved) and where exports go.
public struct WorkbenchDependencies: Sendable {
    public var engine: RoutingEngine
    public var store: (any SessionStore)?
    public var exportDirectory: URL
    /// The configured tool sources (MCP servers): when set, each turn offers their tools and runs the tool loop,
    /// asking the person before each call. nil: no tools are offered.
    public var tools: (any ToolProvider)?
    /// `[tools]`: how far one turn's loop may go.
    public var toolSettings: ToolSettings

    public init(engine: RoutingEngine, store: (any SessionStore)?, exportDirectory: URL,
                tools: (any ToolProvider)? = nil, toolSettings: ToolSettings = ToolSettings()) {
        self.engine = engine
        self.store = store
        self.exportDirectory = exportDirectory
        self.tools = tools
        self.toolSettings = toolSettings
    }
}

/// How the workbench starts.
public struct WorkbenchOptions: Sendable {
    public var model: String
    public var pickerEntries: [PickerEntry]
    public var theme: Theme
    /// No real provider is available: say so and run on the demo models.
    public var demoMode: Bool
    /// A stored session to resume.
    public var resume: LoadedSession?
    /// Shown in the status line at start.
    public var notice: String?
    /// Spending limits from config, shown as gauges in the sidebar.
    public var budgets: BudgetLimits
    /// `[context]`: automatic compaction and the model that writes summaries.
    public var context = ContextSettings()
    /// The roles `/role` can use: bundled ones and the user's files.
    public var roles = RoleLibrary(roles: BundledRoles.all)

    public init(model: String, pickerEntries: [PickerEntry], theme: Theme, demoMode: Bool, resume: LoadedSession? = nil,
                notice: String? = nil, budgets: BudgetLimits = BudgetLimits()) {
        self.budgets = budgets
        self.model = model
        self.pickerEntries = pickerEntries
        self.theme = theme
        self.demoMode = demoMode
        self.resume = resume
        self.notice = notice
    }
}

/// How the workbench ended: the user quit, or a signal asked it to (it still saved what it held first).
public enum WorkbenchEnd: Equatable, Sendable {
    case quit
    case signal(Int32)

    /// What the process should exit with: 0 for a quit, 128 + the signal's number as a shell reports it.
    public var exitCode: Int32 {
        switch self {
        case .quit: 0
        case .signal(let number): 128 + number
        }
    }
}

/// The app loop: one stream of events (keys, engine and store results, ticks), `update`, effects to the runner,
/// and frames drawn at most 60 times a second.
public enum Workbench {
    enum Event: Sendable {
        case terminal(TerminalEvent)
        case action(Action)
        case frame
        case signal(Int32)
    }

    static let frameInterval: Duration = .milliseconds(16)
    static let tickInterval: Duration = .milliseconds(100)

    /// Runs until the user quits. The terminal is restored on every way out (return, throw, SIGTERM, SIGHUP).
    @discardableResult
    public static func run(driver: any TerminalDriver, dependencies: WorkbenchDependencies,
                           options: WorkbenchOptions) async throws -> WorkbenchEnd {
        let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        let (size, depth) = try driver.start { continuation.yield(.terminal($0)) }
        defer { driver.stop() }
        let signals = SignalWatcher { continuation.yield(.signal($0)) }
        defer { signals.stop() }

        let theme = depth == .monochrome ? options.theme.withoutColor() : options.theme
        var state = AppState(size: size, model: options.model, picker: PickerState(entries: options.pickerEntries),
                             demoMode: options.demoMode, theme: theme)
        state.picker.select(options.model)
        state.budgets = options.budgets
        state.tools.available = dependencies.tools != nil
        state.role.library = options.roles
        state.context.autoCompactAt = options.context.autoCompactAt.map { NSDecimalNumber(decimal: $0).doubleValue }
        state.context.compactModel = options.context.compactModel
        let runner = EffectRunner(dependencies: dependencies, driver: driver) { continuation.yield(.action($0)) }
        var initial: [Effect] = [.refreshSpend, .refreshModelStats, .refreshHealth]
        if let session = options.resume { initial += update(&state, .sessionLoaded(session)) }
        if let notice = options.notice { Updates.setStatus(notice, options.demoMode ? .warning : .info, &state) }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tickInterval)
                continuation.yield(.action(.tick(ContinuousClock.now)))
            }
        }
        defer { ticker.cancel() }

        driver.draw(WorkbenchView.render(&state))
        // The sidebar's Gateway section: `serve` processes write to the same store. Its first read starts once
        // the first frame is up, like the other sidebar reads, rather than beside it.
        let gatewayPoll = GatewayActivityPoll.start(store: dependencies.store) { continuation.yield(.action($0)) }
        defer { gatewayPoll?.cancel() }
        FreedMemory.release()  // what loading a resumed session and laying it out left behind
        var lastFrame = ContinuousClock.now
        var framePending = false
        var dirty = false
        var quitDeadline: ContinuousClock.Instant?
        for effect in initial { runner.submit(effect) }
        var effects: [Effect] = []
        var end = WorkbenchEnd.quit

        loop: for await event in events {
            switch event {
            case .terminal(.keys(let keys)):
                for key in keys {
                    if let action = KeyRouter.action(for: key, state: state, keymap: state.keymap) {
                        effects += update(&state, action)
                    }
                }
                dirty = true
            case .terminal(.paste(let text)):
                effects += update(&state, .paste(text))
                dirty = true
            case .terminal(.mouse(let click)):
                effects += update(&state, .mouse(click))
                dirty = true
            case .terminal(.resize(let newSize)):
                effects += update(&state, .resize(newSize))
                dirty = true
            case .action(let action):
                let status = state.status
                effects += update(&state, action)
                if case .tick = action { dirty = dirty || state.isStreaming || state.status != status } else { dirty = true }
            case .frame:
                framePending = false
            case .signal(let number):
                if end == .quit { end = .signal(number) }
                effects += update(&state, .command(.quit))
            }
            for effect in effects {
                if case .quit = effect { break loop }
                runner.submit(effect)
            }
            effects = []
            if state.quitRequested {
                let now = ContinuousClock.now
                if quitDeadline == nil { quitDeadline = now + .seconds(3) }
                if let deadline = quitDeadline, now >= deadline { break loop }
            }
            guard dirty else { continue }
            let now = ContinuousClock.now
            if now - lastFrame >= frameInterval {
                driver.draw(WorkbenchView.render(&state))
                lastFrame = now
                dirty = false
            } else if !framePending {
                framePending = true
                let wait = frameInterval - (now - lastFrame)
                Task {
                    try? await Task.sleep(for: wait)
                    continuation.yield(.frame)
                }
            }
        }
        continuation.finish()
        await runner.finish(timeout: .seconds(2))
        return end
    }
}
