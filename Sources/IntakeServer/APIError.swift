import DecisionFormats
import Eligibility
import Foundation
import Hummingbird

/// Every error the API answers: a status and a JSON body listing each problem, with its field path and
/// line when it has them (`{"errors":[{"path":…,"message":…,"line":…}]}`), never a bare status.
package struct APIError: HTTPResponseError {
    package struct Problem: Sendable {
        package var path: String?
        package var message: String
        package var line: Int?
        package var hint: String?

        package init(path: String? = nil, message: String, line: Int? = nil, hint: String? = nil) {
            self.path = path
            self.message = message
            self.line = line
            self.hint = hint
        }

        /// The desk's caseworkers read Chinese.
        init(_ diagnostic: Diagnostic) {
            self.init(path: diagnostic.path, message: diagnostic.message.zh, line: diagnostic.line, hint: diagnostic.hint?.zh)
        }
    }

    package var status: HTTPResponse.Status
    package var problems: [Problem]
    var headers: HTTPFields = [:]
    /// What the page says when a browser gets this error (nil: what `pageMessage(_:)` says for the status).
    var pageMessage: String?

    package init(_ status: HTTPResponse.Status, _ problems: [Problem]) {
        self.status = status
        self.problems = problems
    }

    package init(_ status: HTTPResponse.Status, message: String, path: String? = nil) {
        self.init(status, [Problem(path: path, message: message)])
    }

    static let unauthorized: APIError = {
        var error = APIError(.unauthorized, message: "sign in: send an API token as Authorization: Bearer TOKEN")
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }()

    static func forbidden(_ what: String) -> APIError { APIError(.forbidden, message: "your role may not \(what)") }

    /// 429: locked out after failed sign-ins, for `retryAfter` seconds more.
    static func tooManyAttempts(retryAfter: TimeInterval) -> APIError {
        let seconds = Int(retryAfter.rounded(.up))
        var error = APIError(.tooManyRequests, message: "too many failed sign-ins: try again in \(seconds) s")
        error.headers[.retryAfter] = "\(seconds)"
        error.pageMessage = "登录失败次数过多，请 \(seconds) 秒后再试。"
        return error
    }

    /// 503: every password worker busy and the queue full.
    static let busy: APIError = {
        var error = APIError(.serviceUnavailable, message: "the desk is busy checking passwords: try again in a second")
        error.headers[.retryAfter] = "1"
        error.pageMessage = "系统正忙，请稍后再试。"
        return error
    }()

    /// The page's heading for an error of this status.
    var pageTitle: String {
        switch status.code {
        case 400: "请求有误"
        case 401: "需要登录"
        case 403: "无权操作"
        case 404: "找不到页面"
        case 408: "请求超时"
        case 413: "提交的内容过大"
        case 429: "请稍后再试"
        case 503: "暂停服务"
        case 500...: "服务器出错"
        default: "请求未能完成"
        }
    }

    /// What a page says for an error of this status.
    static func pageMessage(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "请求无法识别，请返回重新操作。"
        case 404: "没有这个页面。"
        case 405: "不支持这种请求方式。"
        case 413: "提交的内容超过了允许的大小。"
        case 500...: "服务器出错，请求没有完成。请稍后再试；如果一再出现，请联系管理员。"
        default: "请求未能完成（状态 \(status.code)）。"
        }
    }

    var body: JSONValue {
        .object([("errors", .array(problems.map { problem in
            var fields: [(String, JSONValue)] = [
                ("path", problem.path.map(JSONValue.string) ?? .null),
                ("message", .string(problem.message)),
                ("line", problem.line.map { .integer(Int64($0)) } ?? .null),
            ]
            if let hint = problem.hint { fields.append(("hint", .string(hint))) }
            return .object(fields)
        }))])
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonResponse()
    }

    func jsonResponse() -> Response {
        JSONResponse.make(body.rendered(indent: true) + "\n", status: status, extraHeaders: headers)
    }
}

enum JSONResponse {
    static func make(_ text: String, status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(value.rendered(indent: true) + "\n", status: status)
    }
}
