/// Sign-in, device PIN, throttling and emergency-access settings.
public struct AuthConfig: Sendable, Equatable {
    /// How long a device session lasts after a password sign-in: one shift.
    public var shiftHours: Double
    /// Minutes without use after which a device with a PIN locks and asks for the PIN.
    public var idleLockMinutes: Double
    /// Wrong PINs that end the device session.
    public var pinAttempts: Int
    /// Failed sign-ins per account within `failureWindowMinutes` before it is throttled.
    public var failuresPerAccount: Int
    /// Failed sign-ins per address within `failureWindowMinutes` before it is throttled.
    public var failuresPerAddress: Int
    /// The window failures are counted in, and how long throttling lasts.
    public var failureWindowMinutes: Double
    /// How long break-the-glass access lasts.
    public var emergencyAccessMinutes: Double
    /// Mark cookies Secure (behind TLS). Also set for requests a trusted proxy marks X-Forwarded-Proto: https.
    public var secureCookies: Bool
    /// bcrypt cost of passwords.
    public var passwordCost: Int
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (none by default).
    public var trustedProxies = TrustedProxies()

    /// The defaults: a 12-hour shift, 5 PIN attempts, 2 hours of emergency access.
    public init(
        shiftHours: Double = 12, idleLockMinutes: Double = 10, pinAttempts: Int = 5, failuresPerAccount: Int = 5,
        failuresPerAddress: Int = 20, failureWindowMinutes: Double = 15, emergencyAccessMinutes: Double = 120,
        secureCookies: Bool = false, passwordCost: Int = 12
    ) {
        self.shiftHours = shiftHours
        self.idleLockMinutes = idleLockMinutes
        self.pinAttempts = pinAttempts
        self.failuresPerAccount = failuresPerAccount
        self.failuresPerAddress = failuresPerAddress
        self.failureWindowMinutes = failureWindowMinutes
        self.emergencyAccessMinutes = emergencyAccessMinutes
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
    }
}
