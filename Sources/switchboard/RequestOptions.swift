import ArgumentParser
import Foundation
import SwitchboardCore

/// How a command words the help of the request options: `ask` sends what they ask for, `route` only shows which
/// candidates could serve it.
protocol RequestOptionsHelp {
    static var attachHelp: ArgumentHelp { get }
    static var schemaHelp: ArgumentHelp { get }
    static var toolsHelp: ArgumentHelp { get }
}

/// What a turn asks of the model beyond its words: `--attach`, `--schema`, `--reasoning` and `--tools`. `ask` and
/// `route` both take them and read them the same way, so `route` leaves out the same candidates `ask` would
/// (a model without vision for an image, without tools for `--tools`...) and says why. Files are read before
/// anything is stored or sent: a bad one is a usage error (exit 2) that names it.
struct RequestOptions<Help: RequestOptionsHelp>: ParsableArguments {
    @Option(help: Help.attachHelp)
    var attach: [String] = []

    @Option(help: Help.schemaHelp)
    var schema: String?

    @Option(help: ArgumentHelp("How much the model should think.", valueName: "level"))
    var reasoning: AskReasoning?

    @Option(help: Help.toolsHelp)
    var tools: String?

    /// The options read: attachments as message parts, the schema checked, the tools parsed.
    struct Content {
        var attachments: [ContentPart]
        var schema: AskSchema?
        var tools: [ToolDefinition]
        var reasoning: ReasoningSetting?

        /// The prompt with its attachments before the text, as `ask` sends it.
        func prompt(_ text: String) -> ChatMessage {
            ChatMessage(role: .user, parts: attachments + [.text(text)])
        }

        /// Tools, output format and reasoning on the turn.
        func apply(to turn: inout TurnRequest) {
            turn.options.tools = tools
            turn.options.responseFormat = schema?.responseFormat
            turn.options.reasoning = reasoning
        }
    }

    func read() throws -> Content {
        Content(attachments: try AskAttachments.parts(attach), schema: try schema.map(AskSchema.init(argument:)),
                tools: try tools.map(AskTools.load) ?? [], reasoning: reasoning?.setting)
    }
}

extension RequestOptionsHelp {
    static var attachHelp: ArgumentHelp {
        ArgumentHelp("""
            Attach a file (repeatable): an image (PNG, JPEG, GIF, WebP; up to 20 MB), a PDF (up to 32 MB) or a UTF-8 \
            text file (up to 1 MB). The type is read from the file's bytes, not its name.
            """, valueName: "file")
    }
}
