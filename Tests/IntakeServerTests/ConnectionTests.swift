import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeServer
import Testing

/// A plain TCP connection to the desk on loopback, to send what no HTTP client would.
struct RawConnection {
    let socket: Int32

    init(port: Int) throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Foundation.send(socket, $0.baseAddress, $0.count, 0) }
    }

    /// Everything the desk sends until it closes the connection, and how long that took; nil if it is
    /// still open after `limit`. Reads on a thread of its own, so the desk's tasks keep their threads.
    func readUntilClosed(limit: TimeInterval) async -> (text: String, after: Duration)? {
        let socket = self.socket
        return await withCheckedContinuation { continuation in
            Thread {
                var timeout = timeval(tv_sec: .init(limit), tv_usec: .init((limit - limit.rounded(.down)) * 1e6))
                setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let start = ContinuousClock.now
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = recv(socket, &buffer, buffer.count, 0)
                    if count > 0 { received += buffer[0..<count]; continue }
                    close(socket)
                    // 0: closed by the desk; -1: the receive timed out, still open.
                    continuation.resume(returning: count == 0 ? (String(decoding: received, as: UTF8.self), ContinuousClock.now - start) : nil)
                    return
                }
            }.start()
        }
    }
}

@Suite("Connections that dawdle or do not speak HTTP")
struct ConnectionTests {
    /// The desk on a loopback port with short timeouts (the one not under test longer, so it cannot
    /// be the one that closes).
    static func live(header: Duration = .seconds(5), body bodyTimeout: Duration = .seconds(5),
                     _ body: @escaping @Sendable (Int, CapturedLog) async throws -> Void) async throws {
        let log = CapturedLog()
        var desk = try await Desk(logger: log.logger).desk
        desk.timeouts = ConnectionTimeouts(header: header, body: bodyTimeout)
        try await desk.application(host: "127.0.0.1", port: 0).test(.live) { client in
            try await body(try #require(client.port), log)
        }
    }

    @Test func aConnectionSendingHalfAHeaderIsClosedWithinTheHeaderTimeout() async throws {
        try await Self.live(header: .milliseconds(500)) { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            let closed = try #require(await connection.readUntilClosed(limit: 10), "still open after 10 s")
            #expect(closed.after < .seconds(3), "closed after \(closed.after)")
            #expect(closed.text.isEmpty)
        }
    }

    @Test func aConnectionThatStopsSendingItsBodyIsClosedWithinTheBodyTimeout() async throws {
        try await Self.live(body: .milliseconds(500)) { port, log in
            let connection = try RawConnection(port: port)
            connection.send("POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": ")
            let closed = try #require(await connection.readUntilClosed(limit: 10), "still open after 10 s")
            #expect(closed.after < .seconds(3), "closed after \(closed.after)")
            #expect(log.text.contains("connection closed: the request body did not arrive in time"), "\(log.text)")
        }
    }

    @Test func aRequestTheParserCannotReadGetsA400WithABodyAndALogLine() async throws {
        try await Self.live { port, log in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")
            let answer = try #require(await connection.readUntilClosed(limit: 10))
            #expect(answer.text.hasPrefix("HTTP/1.1 400 "))
            #expect(answer.text.contains("\"message\": \"the request could not be read as HTTP/1.1"), "\(answer.text)")
            #expect(answer.text.lowercased().contains("x-content-type-options: nosniff"))
            #expect(log.text.contains("request refused") && log.text.contains("status=400"), "\(log.text)")
        }
    }
}
