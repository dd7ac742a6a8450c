import Foundation

/// The grammar of each highlighted language family. Keywords include literals (`true`, `nil`) and, where a
/// language has few, its built-in type names: those are what a reader scans for.
enum SyntaxGrammars {
    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    static let cComments: [(String, String)] = [("/*", "*/")]

    static let swift = SyntaxGrammar(
        keywords: words("""
            associatedtype class deinit enum extension fileprivate func import init inout internal let open operator \
            private precedencegroup protocol public rethrows static struct subscript typealias var break case catch \
            continue default defer do else fallthrough for guard if in repeat return throw switch where while as Any \
            await async false is nil self Self super throws true try actor some any mutating nonmutating override \
            final lazy weak unowned convenience required nonisolated isolated sending consuming borrowing get set \
            willSet didSet macro
            """),
        lineComments: ["//"], blockComments: cComments,
        strings: [.quoted("\"\"\"", multiline: true), .quoted("\"")], directivePrefixes: "#@")

    static let python = SyntaxGrammar(
        keywords: words("""
            False None True and as assert async await break class continue def del elif else except finally for from \
            global if import in is lambda nonlocal not or pass raise return try while with yield match case self
            """),
        lineComments: ["#"],
        strings: [.quoted("\"\"\"", multiline: true), .quoted("'''", multiline: true), .quoted("\""), .quoted("'")],
        directivePrefixes: "@")

    static let javascript = SyntaxGrammar(
        keywords: words("""
            break case catch class const continue debugger default delete do else export extends finally for function \
            if import in instanceof new return super switch this throw try typeof var void while with yield let static \
            async await of null undefined true false from as interface type enum implements private public protected \
            readonly abstract declare namespace keyof any number string boolean never unknown satisfies
            """),
        lineComments: ["//"], blockComments: cComments,
        strings: [.quoted("`", multiline: true), .quoted("\""), .quoted("'")], directivePrefixes: "@",
        wordExtras: "$")

    static let go = SyntaxGrammar(
        keywords: words("""
            break case chan const continue default defer else fallthrough for func go goto if import interface map \
            package range return select struct switch type var true false nil iota bool byte error int int8 int16 \
            int32 int64 float32 float64 rune string uint uint8 uint16 uint32 uint64 any
            """),
        lineComments: ["//"], blockComments: cComments,
        strings: [.quoted("`", multiline: true, escapes: false), .quoted("\"")], charLiterals: true)

    static let rust = SyntaxGrammar(
        keywords: words("""
            as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod \
            move mut pub ref return self Self static struct super trait true type unsafe use where while bool char \
            str String i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 Option Some None Result Ok Err Vec
            """),
        lineComments: ["//"], blockComments: cComments,
        strings: [.quoted("\"", multiline: true)], charLiterals: true)

    static let c = SyntaxGrammar(
        keywords: words("""
            auto break case char const continue default do double else enum extern float for goto if inline int long \
            register restrict return short signed sizeof static struct switch typedef union unsigned void volatile \
            while bool true false NULL nullptr class namespace template typename public private protected virtual \
            override new delete this using try catch throw const_cast static_cast dynamic_cast reinterpret_cast \
            constexpr noexcept operator friend explicit mutable auto size_t nil YES NO self
            """),
        lineComments: ["//"], blockComments: cComments, strings: [.quoted("\"")], charLiterals: true,
        directivePrefixes: "#@")

    static let java = SyntaxGrammar(
        keywords: words("""
            abstract assert boolean break byte case catch char class const continue default do double else enum \
            extends final finally float for goto if implements import instanceof int interface long native new \
            package private protected public return short static strictfp super switch synchronized this throw \
            throws transient try void volatile while var record true false null fun val when object is in override \
            data sealed string using namespace
            """),
        lineComments: ["//"], blockComments: cComments,
        strings: [.quoted("\"\"\"", multiline: true), .quoted("\"")], charLiterals: true, directivePrefixes: "@")

    static let shell = SyntaxGrammar(
        keywords: words("""
            if then else elif fi case esac for while until do done in function return local export readonly declare \
            unset set shift exit break continue true false source alias
            """),
        lineComments: ["#"], hashCommentNeedsSpace: true,
        strings: [.quoted("\"", multiline: true), .quoted("'", multiline: true, escapes: false)],
        wordExtras: "$-./")

    static let json = SyntaxGrammar(
        keywords: words("true false null"),
        lineComments: ["//"], blockComments: cComments, strings: [.quoted("\"")])

    static let yaml = SyntaxGrammar(
        keywords: words("true false null yes no on off True False Null Yes No"),
        lineComments: ["#"], hashCommentNeedsSpace: true, strings: [.quoted("\""), .quoted("'", escapes: false)],
        wordExtras: "-.")

    static let toml = SyntaxGrammar(
        keywords: words("true false"),
        lineComments: ["#", ";"],
        strings: [.quoted("\"\"\"", multiline: true), .quoted("'''", multiline: true, escapes: false), .quoted("\""),
                  .quoted("'", escapes: false)],
        wordExtras: "-")

    static let sql = SyntaxGrammar(
        keywords: words("""
            select from where insert into values update set delete create table drop alter add column index primary \
            key foreign references not null and or in is like ilike join left right inner outer full cross on as \
            group by order having limit offset union all distinct case when then else end begin commit rollback \
            transaction view with default unique check constraint exists between asc desc integer int bigint text \
            varchar char real float double numeric decimal boolean date time timestamp true false returning if \
            replace trigger over partition window
            """),
        caseInsensitive: true, lineComments: ["--"], blockComments: cComments,
        strings: [.quoted("'", multiline: true), .quoted("\"")])

    static let ruby = SyntaxGrammar(
        keywords: words("""
            BEGIN END alias and begin break case class def defined? do else elsif end ensure false for if in module \
            next nil not or redo rescue retry return self super then true undef unless until when while yield \
            require require_relative attr_reader attr_writer attr_accessor private protected public lambda proc
            """),
        lineComments: ["#"], strings: [.quoted("\""), .quoted("'")], wordExtras: "?!")
}
