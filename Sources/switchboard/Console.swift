#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import SwitchboardCore

/// stdout/stderr writes that go out at once (the answer streams; nothing waits in a buffer), with write(2):
/// a closed, full or broken stream is recorded, never a crash. After the first failure a stream is left alone.
/// A failed stdout ends the command with `outputFailedExitCode`; a failed stderr stops nothing.
enum Console {
    /// The exit code of any command whose standard output could not be written.
    static let outputFailedExitCode: Int32 = 5

    private static let stdoutFailure = Mutex<Int32?>(nil)
    private static let stderrFailure = Mutex<Int32?>(nil)

    /// The errno of the first failed stdout write, if any.
    static var outputFailure: Int32? { stdoutFailure.withLock { $0 } }

    static func out(_ text: String) {
        write(text, to: STDOUT_FILENO, state: stdoutFailure)
    }

    static func note(_ text: String) {
        write(TerminalText.inert(text) + "\n", to: STDERR_FILENO, state: stderrFailure)
    }

    static func error(_ text: String) {
        note("switchboard: " + text)
    }

    /// A question on stderr, the answer to be typed on the same line.
    static func question(_ text: String) {
        write(TerminalText.inert(text), to: STDERR_FILENO, state: stderrFailure)
    }

    private static func write(_ text: String, to descriptor: Int32, state: borrowing Mutex<Int32?>) {
        // The lock is held across the write so concurrent writers (compare's tasks) never interleave mid-line.
        state.withLock { failure in
            guard failure == nil, !text.isEmpty else { return }
            failure = DescriptorWrite.all(Data(text.utf8), to: descriptor)
        }
    }

    /// Run once at start-up, before anything opens a file. SIGPIPE is ignored so a closed pipe is an EPIPE
    /// write error rather than a silent death. A standard descriptor the process was started without is filled
    /// with /dev/null opened read-only: nothing the process opens later (the database, a socket) can land on
    /// fd 1 or 2 and receive the answer, and writes to it fail with EBADF like the closed stream they stand for.
    static func prepareStandardStreams() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0, placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }
}
