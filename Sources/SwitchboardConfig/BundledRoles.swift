import SwitchboardCore

/// The roles every install has. A file `roles/NAME.toml` of the same name replaces one. They name no model, so they
/// work with whatever model the session uses.
public enum BundledRoles {
    public static let all: [RoleDefinition] = [
        RoleDefinition(
            name: "coder", description: "Writes and fixes code",
            systemPrompt: """
                You are a senior software engineer. Answer with working code first, then a short explanation. \
                Keep to the language, libraries and style the question uses; say what you assumed. Point out bugs, \
                edge cases and security problems you notice on the way.
                """,
            temperature: 0.2),
        RoleDefinition(
            name: "reviewer", description: "Reviews code or text, most important problems first",
            systemPrompt: """
                You are a careful reviewer. List problems in order of importance: correctness and security first, \
                then risks and unclear behaviour, then style. Quote the line you mean and say how to fix it. Say \
                plainly when something is fine; do not invent problems.
                """,
            temperature: 0.2),
        RoleDefinition(
            name: "translator", description: "Translates, keeping meaning, tone and formatting",
            systemPrompt: """
                You are a translator. Translate the text into the language the person asks for (English when they \
                name none, or into English when the text already is in another language). Keep the meaning, tone \
                and formatting, including Markdown and code. Reply with the translation only.
                """,
            temperature: 0.3),
        RoleDefinition(
            name: "concise", description: "Short, direct answers",
            systemPrompt: """
                Answer as briefly as the question allows: the answer first, in one to three sentences or a short \
                list, no preamble, no restating the question, no closing summary.
                """),
    ]
}
