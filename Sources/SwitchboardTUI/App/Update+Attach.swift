import Foundation
import SwitchboardCore

extension Updates {
    /// `/attach PATH` reads the file (in the effect runner); `/attach clear` drops the pending ones; `/attach`
    /// alone lists them.
    static func attach(_ argument: String, _ state: inout AppState) -> [Effect] {
        let path = argument.trimmingCharacters(in: .whitespaces)
        if path.isEmpty {
            if state.attachments.isEmpty {
                setStatus("nothing attached: /attach PATH adds an image, PDF or text file (or paste its path)", .info, &state)
            } else {
                setStatus("attached: " + state.attachments.map(\.chip).joined(separator: " ")
                          + " (/attach clear or Ctrl-X drops them)", .info, &state)
            }
            return []
        }
        if path == "clear" { return dropAttachments(&state) }
        return [.readAttachment(path: PastedPath.path(in: path) ?? path, pasted: nil)]
    }

    static func attached(_ attachment: Attachment, _ state: inout AppState) -> [Effect] {
        state.attachments.append(attachment)
        // The `/attach PATH` line that asked for it has done its job.
        if SlashCommand(parsing: state.input.text).map({ if case .attach = $0 { true } else { false } }) == true {
            state.input.clear()
        }
        let count = state.attachments.count
        setStatus("attached \(TerminalText.inert(attachment.name)): sent with the next message"
                  + (count > 1 ? " (\(count) files)" : ""), .info, &state)
        return []
    }

    static func dropAttachments(_ state: inout AppState) -> [Effect] {
        guard !state.attachments.isEmpty else {
            setStatus("no attachments to drop", .info, &state)
            return []
        }
        let count = state.attachments.count
        state.attachments = []
        setStatus("dropped \(count) attachment\(count == 1 ? "" : "s")", .info, &state)
        return []
    }
}
