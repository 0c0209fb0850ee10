import Foundation
import Hummingbird
import IntakeRegister
import Logging
import NIOHTTP1

/// Every error the router answers gets a body and a log line: a Chinese page for the pages, the API's
/// JSON problem for `/api`, `/healthz` and `/openapi.json`. Errors the routes throw are turned into
/// answers here: the API's own, the framework's (no such route, a body too large), a busy password
/// worker (503), a register that can no longer be trusted (503), and anything else (500, with the
/// error in the log and not in the answer).
struct ErrorResponseMiddleware: RouterMiddleware {
    typealias Context = IntakeContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var cause: String?
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = answer(error, request)
        } catch let error as HTTPError {
            response = answer(APIError(error.status, message: error.body ?? error.status.reasonPhrase.lowercased()), request)
        } catch let error as any HTTPResponseError {
            response = answer(APIError(error.status, message: error.status.reasonPhrase.lowercased()), request)
        } catch let error as HTTPParserError {
            response = answer(APIError(.badRequest, message: "the request body could not be read as HTTP/1.1 (\(error))"), request)
        } catch is HashingBusy {
            response = answer(APIError.busy, request)
        } catch let error as RegisterUnavailable {
            cause = error.description
            var refusal = APIError(.serviceUnavailable, message: error.description + "; the desk takes no work until it is mended")
            refusal.pageMessage = "登记簿不可用，受理暂停，已记录的评估不受影响。请联系管理员。"
            response = answer(refusal, request)
        } catch {
            cause = String(describing: error)
            response = answer(APIError(.internalServerError, message: "internal error: the request was not completed (the desk's log has the details)"), request)
        }
        if response.status.code >= 400 {
            if response.body.contentLength == 0 {
                response = answer(APIError(response.status, message: response.status.reasonPhrase.lowercased()), request, headers: response.headers)
            }
            var metadata: Logger.Metadata = ["status": "\(response.status.code)", "method": "\(request.method)", "path": "\(loggable(request.uri.path, limit: 200))"]
            if let cause { metadata["error"] = "\(cause)" }
            if response.status.code >= 500 {
                logger.error("request failed", metadata: metadata)
            } else {
                logger.info("request refused", metadata: metadata)
            }
        }
        return response
    }

    /// The error as the asker reads it: JSON for the API, a page for browsers.
    func answer(_ error: APIError, _ request: Request, headers: HTTPFields = [:]) -> Response {
        var response: Response
        if Self.speaksJSON(request.uri.path) {
            response = error.jsonResponse()
        } else {
            response = HTMLResponse.problem(error.status, title: error.pageTitle, message: error.pageMessage ?? APIError.pageMessage(error.status), session: nil)
            for field in error.headers { response.headers[field.name] = field.value }
        }
        for field in headers where response.headers[field.name] == nil && field.name != .contentLength { response.headers.append(field) }
        return response
    }

    static func speaksJSON(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/") || path == "/healthz" || path == "/openapi.json"
    }
}

/// Headers on every answer: script and style only from the desk's own files (the one script is the
/// print button's, `/print.js`; nothing inline runs), forms only to the desk, never inside a frame, no
/// sniffing of content types, no referrer sent on; and, unless an answer says otherwise (the static
/// files), nothing kept in any cache: answers hold names, ID numbers and decisions.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = IntakeContext

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let fields: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        .init("X-Frame-Options")!: "DENY",
        .init("Referrer-Policy")!: "no-referrer",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.fields { response.headers[field.name] = field.value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
