import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port where connecting never completes: the socket listens with a backlog of zero, never
/// accepts, and one connection of its own already fills the queue, so the kernel drops every further SYN.
/// Lets tests exercise a connect timeout without sending traffic off 127.0.0.1.
public final class UnacceptingListener: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public let baseURL: URL
    private let listener: Int32
    private let filler: Int32

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw UnacceptingListenerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(listener, generic, length) == 0 && listen(listener, 0) == 0
                    && getsockname(listener, generic, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(listener)
            throw UnacceptingListenerError.socket(code)
        }
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = filler >= 0 && withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            let code = errno
            if filler >= 0 { close(filler) }
            close(listener)
            throw UnacceptingListenerError.socket(code)
        }
        self.listener = listener
        self.filler = filler
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.baseURL = URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
    }

    deinit {
        close(filler)
        close(listener)
    }
}

public enum UnacceptingListenerError: Error, Sendable {
    case socket(Int32)
}
