import Foundation
import SwitchboardCore

/// `ask --attach FILE`: reads each file into a message part with Core's `AttachmentFile` (the loader the
/// workbench's `/attach` uses too). The type comes from the bytes, the size is checked against its kind's limit
/// before the file is read whole, and every failure is a usage error (exit 2) that names the file.
enum AskAttachments {
    static func parts(_ paths: [String]) throws -> [ContentPart] {
        try paths.map(part)
    }

    static func part(_ path: String) throws -> ContentPart {
        do {
            return try AttachmentFile.read(path).part
        } catch {
            throw CLIError.usage("--attach \(error)")
        }
    }
}
