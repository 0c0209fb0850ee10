import Hummingbird
import HummingbirdAuth
import IntakeRegister
import NIOCore

/// Each request carries the account its bearer token or session names, if any, and the address of the
/// client it came from (the connection's peer: behind a proxy, the proxy's), which sign-in throttling
/// counts by.
package struct IntakeContext: AuthRequestContext, RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var identity: Account?
    package let clientAddress: String

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension IntakeContext {
    /// The signed-in account, or 401.
    func requireAccount() throws -> Account {
        guard let identity else { throw APIError.unauthorized }
        return identity
    }
}
