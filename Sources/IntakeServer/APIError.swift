import DecisionFormats
import Eligibility
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

        init(_ diagnostic: Diagnostic) {
            self.init(path: diagnostic.path, message: diagnostic.message, line: diagnostic.line, hint: diagnostic.hint)
        }
    }

    package var status: HTTPResponse.Status
    package var problems: [Problem]
    var headers: HTTPFields = [:]

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
