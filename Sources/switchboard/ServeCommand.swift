import ArgumentParser
import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer

/// `switchboard serve`: the routing engine as an HTTP gateway (OpenAI Chat Completions and more), recording every
/// request in the same history database as `ask` and the workbench.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the router over HTTP (OpenAI-compatible) for other programs.",
        discussion: """
            Prints one line with the URL it listens on. Point OpenAI clients at it with \
            OPENAI_BASE_URL=http://127.0.0.1:4141/v1. SIGTERM or SIGINT stops accepting, lets requests in flight \
            finish for up to --drain-seconds, records what the rest had received as cancelled, and exits 0.
            Exit codes: 0 stopped by a signal; 2 usage or configuration error (a non-loopback --host with \
            --no-auth, a port in use); 7 the history database is damaged.
            """
    )

    @Option(help: "The address to listen on. Anything but loopback needs virtual keys.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 4141

    @OptionGroup var store: StoreOptions

    @Flag(name: .customLong("no-auth"), help: "Accept requests without a virtual key (loopback --host only).")
    var noAuth = false

    @Option(name: .customLong("drain-seconds"), help: "On SIGTERM/SIGINT, how long requests in flight may finish.")
    var drainSeconds = 10.0

    @Option(name: .customLong("max-body-mb"), help: "The largest request body accepted, in MiB (larger: 413).")
    var maxBodyMB = 32

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port)") }
        guard drainSeconds.isFinite, drainSeconds >= 0 else { throw ValidationError("--drain-seconds must be 0 or more") }
        guard (1...4096).contains(maxBodyMB) else { throw ValidationError("--max-body-mb must be from 1 to 4096") }
        if noAuth, !Self.isLoopback(host) {
            throw ValidationError("""
                --no-auth serves without keys and is allowed on loopback only (127.0.0.1, ::1, localhost); \
                to listen on \(host), create a key with `switchboard keys create NAME` and drop --no-auth
                """)
        }
    }

    func run() async throws {
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        let database = try await StoreOptions.openForWriting(explicit: store.db, environment: context.environment)
        try await StoreRecovery.run(database)
        let engine: RoutingEngine
        do { engine = try await context.makeEngine(store: database, postsTurnWrites: true) } catch { throw CLIError.usage("\(error)") }
        let authenticator = try await makeAuthenticator(store: database)
        let gateway = GatewayContext(engine: engine, store: database, catalog: context.catalog,
                                     configuration: context.configuration, defaultModel: context.defaultModel,
                                     authenticator: authenticator,
                                     limits: GatewayLimits(maxBodyBytes: maxBodyMB * 1_048_576))
        let server = GatewayServer(gateway: gateway, host: host, port: port,
                                   drain: .milliseconds(Int64(drainSeconds * 1000)))
        do {
            try await server.run(logger: Logger(label: "switchboard.serve")) { url in
                Console.out("switchboard serve: listening on \(url) (OpenAI base URL \(url)/v1)\n")
            }
        } catch let error as GatewayListenError {
            await context.shutdown()
            throw CLIError.usage(error.description)
        } catch {
            await context.shutdown()
            throw CLIError.usage("serve stopped: \(error)")
        }
        await context.shutdown()
    }

    /// 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
