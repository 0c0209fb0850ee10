import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// How long a connection may take over each part of a request. A connection is closed when it has not
/// sent a complete request head within `header` of opening or of its last answer (which is also how
/// long a kept-alive connection may idle: half a header and no more is idling), or has not sent the
/// whole body within `body` of its head. What the desk then does with the request is not limited here.
package struct ConnectionTimeouts: Sendable {
    package var header: Duration
    package var body: Duration

    package init(header: Duration = .seconds(15), body: Duration = .seconds(60)) {
        self.header = header
        self.body = body
    }

    /// The HTTP/1 server with these timeouts: Hummingbird's idle timeout (which counts only whole
    /// request parts, so a trickle of header bytes does not keep it waiting) and `ConnectionGuard`.
    func server(logger: Logger) -> HTTPServerBuilder {
        let body = TimeAmount(body)
        return .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(bodyTimeout: body, logger: logger)],
                                           idleTimeout: TimeAmount(header)))
    }
}

/// On each connection, after the HTTP/1 parser: closes a connection whose request body does not arrive
/// within the body timeout, and answers a request the parser could not read with a 400 that has a body
/// and a log line (Hummingbird's own answer has neither), then closes it.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let bodyTimeout: TimeAmount
    let logger: Logger
    private var requestsRead = 0
    private var answersWritten = 0
    private var bodyDeadline: Scheduled<Void>?

    init(bodyTimeout: TimeAmount, logger: Logger) {
        self.bodyTimeout = bodyTimeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsRead += 1
            bodyDeadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let seconds = Double(bodyTimeout.nanoseconds) / 1e9
            bodyDeadline = context.eventLoop.scheduleTask(in: bodyTimeout) { [logger] in
                let context = loopBound.value
                logger.info("connection closed: the request body did not arrive in time", metadata: [
                    "client": "\(context.remoteAddress?.ipAddress ?? "unknown")", "body_timeout_s": "\(seconds)",
                ])
                context.close(promise: nil)
            }
        case .end:
            bodyDeadline?.cancel()
            bodyDeadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { answersWritten += 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Mid-request the route sees the error (and answers 400 itself); between requests no one would.
        guard let parserError = error as? HTTPParserError, requestsRead == answersWritten else {
            context.fireErrorCaught(error)
            return
        }
        logger.info("request refused", metadata: [
            "status": "400", "client": "\(context.remoteAddress?.ipAddress ?? "unknown")", "error": "HTTP parser: \(parserError)",
        ])
        let problem = APIError(.badRequest, message: "the request could not be read as HTTP/1.1 (\(parserError))")
        let body = ByteBuffer(string: problem.body.rendered(indent: true) + "\n")
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8", .contentLength: "\(body.readableBytes)",
                                  .connection: "close", .cacheControl: "no-store"]
        fields.append(contentsOf: SecurityHeadersMiddleware.fields)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        bodyDeadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        bodyDeadline = nil
    }
}
