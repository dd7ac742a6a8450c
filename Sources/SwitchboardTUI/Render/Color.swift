import Foundation

/// A colour as a theme names it. The driver maps it to what the terminal can show (see `ColorDepth`).
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// One of the 256 indexed colours.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `#rrggbb`, `#rgb`, `default`, an ANSI name (`red`, `bright-blue`), or an index `0`–`255`.
    public init?(parsing text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "default" || value == "none" {
            self = .terminalDefault
        } else if value.hasPrefix("#") {
            let hex = Array(value.dropFirst())
            let digits = hex.count == 3 ? hex.flatMap { [$0, $0] } : hex
            guard digits.count == 6, let number = UInt32(String(digits), radix: 16) else { return nil }
            self = .rgb(UInt8((number >> 16) & 0xFF), UInt8((number >> 8) & 0xFF), UInt8(number & 0xFF))
        } else if let index = Color.ansiNames.firstIndex(of: value) {
            self = .ansi(UInt8(index))
        } else if value.hasPrefix("bright-"), let index = Color.ansiNames.firstIndex(of: String(value.dropFirst(7))) {
            self = .ansi(UInt8(index + 8))
        } else if let number = UInt8(value) {
            self = number < 16 ? .ansi(number) : .indexed(number)
        } else {
            return nil
        }
    }

    /// The curses colour number at `depth`, or -1 for the terminal default (and for no colour at all).
    public func cursesNumber(at depth: ColorDepth) -> Int {
        switch (self, depth) {
        case (.terminalDefault, _), (_, .monochrome): return -1
        case (.ansi(let n), .eight): return Int(n % 8)
        case (.ansi(let n), _): return depth == .sixteen || depth == .full256 ? Int(n) : Int(n % 8)
        case (.indexed(let n), .full256): return Int(n)
        case (.indexed(let n), _): return Color.nearestANSI(Color.rgbOfIndex(n), limit: depth == .sixteen ? 16 : 8)
        case (.rgb(let r, let g, let b), .full256): return Color.nearestIndexed((r, g, b))
        case (.rgb(let r, let g, let b), _): return Color.nearestANSI((r, g, b), limit: depth == .sixteen ? 16 : 8)
        }
    }

    typealias RGB = (UInt8, UInt8, UInt8)

    /// xterm's default values for the 16 ANSI colours.
    static let ansiRGB: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    static func rgbOfIndex(_ index: UInt8) -> RGB {
        let n = Int(index)
        if n < 16 { return ansiRGB[n] }
        if n >= 232 {
            let level = UInt8(8 + (n - 232) * 10)
            return (level, level, level)
        }
        let cube = n - 16
        return (UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[(cube / 6) % 6]), UInt8(cubeLevels[cube % 6]))
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        // Weighted towards green, as the eye is.
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The closest of the 6x6x6 cube and the grey ramp (never the 16 ANSI colours, which themes redefine).
    static func nearestIndexed(_ rgb: RGB) -> Int {
        var best = 16, bestDistance = Int.max
        for index in 16...255 {
            let d = distance(rgb, rgbOfIndex(UInt8(index)))
            if d < bestDistance { (best, bestDistance) = (index, d) }
        }
        return best
    }

    static func nearestANSI(_ rgb: RGB, limit: Int) -> Int {
        var best = 0, bestDistance = Int.max
        for index in 0..<limit {
            let d = distance(rgb, ansiRGB[index])
            if d < bestDistance { (best, bestDistance) = (index, d) }
        }
        return best
    }
}

/// How many colours the terminal can show. `monochrome` also stands for `NO_COLOR`.
public enum ColorDepth: Sendable, Hashable {
    case monochrome, eight, sixteen, full256

    /// From the terminal's colour count.
    public init(colors: Int) {
        switch colors {
        case 256...: self = .full256
        case 16...: self = .sixteen
        case 8...: self = .eight
        default: self = .monochrome
        }
    }
}
