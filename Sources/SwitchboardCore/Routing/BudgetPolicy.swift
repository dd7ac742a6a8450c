import Foundation

/// `[budget]`: spending limits in USD, each optional.
public struct BudgetLimits: Sendable, Hashable {
    public enum OnExceed: String, Sendable, Hashable, CaseIterable {
        /// Refuse the request, saying which budget and by how much.
        case block
        /// Use the first cheaper candidate that fits; refuse only when none does.
        case downgrade
    }

    public var daily: Money?
    public var monthly: Money?
    public var session: Money?
    public var perRequest: Money?
    /// Warn when a request would bring a budget to this share of its limit (0...1).
    public var warnAt: Decimal
    public var onExceed: OnExceed

    public init(daily: Money? = nil, monthly: Money? = nil, session: Money? = nil, perRequest: Money? = nil,
                warnAt: Decimal = Decimal(string: "0.8") ?? 0, onExceed: OnExceed = .block) {
        self.daily = daily
        self.monthly = monthly
        self.session = session
        self.perRequest = perRequest
        self.warnAt = warnAt
        self.onExceed = onExceed
    }

    /// True when no limit is set: every request fits.
    public var isEmpty: Bool { daily == nil && monthly == nil && session == nil && perRequest == nil }
}

/// What has been spent so far in each scope, reservations of requests still running included.
/// Computed by the store (today and this month in local time) and passed in.
public struct BudgetSpend: Sendable, Hashable {
    public var today: Money
    public var thisMonth: Money
    public var thisSession: Money
    /// The gateway key's own spend (its turns and holds), when the request was made with a key.
    public var keyToday: Money
    public var keyThisMonth: Money

    public init(today: Money = .zero, thisMonth: Money = .zero, thisSession: Money = .zero,
                keyToday: Money = .zero, keyThisMonth: Money = .zero) {
        self.today = today
        self.thisMonth = thisMonth
        self.thisSession = thisSession
        self.keyToday = keyToday
        self.keyThisMonth = keyThisMonth
    }
}

/// Decides, before sending, whether a request fits the budgets, on which candidate, and what to reserve.
///
/// Contract with the store: the caller reserves `reserve` (the worst case) atomically together with the check,
/// so concurrent requests see each other's reservations in `BudgetSpend`; after the attempt the store replaces
/// the reservation with the real cost (or releases it when the cost is unknown or the attempt failed before any
/// usage). This type only decides; it never sees the database.
public struct BudgetPolicy: Sendable, Hashable {
    public var limits: BudgetLimits
    /// The caps of the gateway key the request was made with, judged beside the global limits.
    public var key: GatewayKeyBudget?

    public init(limits: BudgetLimits, key: GatewayKeyBudget? = nil) {
        self.limits = limits
        self.key = key
    }

    /// True when nothing is limited: neither a global limit nor a key's cap.
    public var isEmpty: Bool { limits.isEmpty && key?.daily == nil && key?.monthly == nil }

    /// Replies are capped at this many tokens when the request names no maximum (the engine sends the same cap,
    /// so the worst case really is the worst case).
    public static let defaultOutputCap = 8192

    /// The reply limit a request sends to `deployment`: the requested one, else the deployment's own maximum,
    /// capped at `defaultOutputCap`.
    public static func outputBound(requested: Int?, deployment: Deployment) -> Int {
        requested ?? min(deployment.maxOutput ?? defaultOutputCap, defaultOutputCap)
    }

    /// The reply tokens each candidate's request will really allow, thinking included: the adapter of the
    /// candidate's wire raises the limit when it asks for a thinking budget beside the answer (Anthropic's
    /// `max_tokens` = budget + answer, Gemini's `thinkingBudget` on top of `maxOutputTokens`). A candidate with no
    /// endpoint is never attempted; it keeps the plain bound.
    public static func outputLimits(for turn: TurnRequest, candidates: [RouteCandidate], registry: ProviderRegistry) -> [Int] {
        candidates.map { candidate in
            let bound = outputBound(requested: turn.maxTokens, deployment: candidate.deployment)
            guard let endpoint = registry.endpoint(candidate.deployment.provider) else { return bound }
            let request = ChatRequest(messages: turn.messages, maxTokens: bound, temperature: turn.temperature, options: turn.options)
            return max(bound, ProviderRegistry.adapter(for: endpoint.wire).outputLimit(for: request) ?? bound)
        }
    }

    /// The most the request can cost on a deployment at `price` (`Price.worstCase`: the tier the prompt falls in,
    /// every prompt token at its dearest rate, every allowed reply token at the reply rate, plus any fee). Nil
    /// when a needed price is unknown: such a request cannot be shown to fit.
    /// The prompt size is an offline estimate (`TokenEstimator`, within about 10% of real tokenizers), so the
    /// tier is chosen for the estimate plus that margin: a prompt estimated just below a threshold may really be
    /// above it, and then every token is billed at the higher rates.
    public static func worstCase(promptTokens: Int, outputTokens: Int, price: Price) -> Money? {
        price.worstCase(promptTokens: promptTokens, outputTokens: outputTokens,
                        tierPromptTokens: promptTokens + (promptTokens + 9) / 10)
    }

    public enum Scope: String, Sendable, Hashable, CaseIterable {
        case perRequest = "per-request", session, daily, monthly
        case keyDaily = "key daily", keyMonthly = "key monthly"
    }

    /// The scope as messages name it: a key's caps carry the key's name.
    func name(_ scope: Scope) -> String {
        switch scope {
        case .keyDaily: "key '\(key?.name ?? "")' daily"
        case .keyMonthly: "key '\(key?.name ?? "")' monthly"
        default: scope.rawValue
        }
    }

    /// One candidate judged against every limit.
    public enum Check: Sendable, Hashable {
        case fits(reserve: Money?, warnings: [String])
        case exceeds(Scope?, message: String)
    }

    public enum Decision: Sendable, Hashable {
        /// Send to the first candidate; reserve `reserve` (nil: price unknown and no limit set, nothing to hold).
        case fits(reserve: Money?, warnings: [String])
        /// Send to `candidates[index]` instead, a cheaper one that fits.
        case downgrade(to: Int, reserve: Money?, because: String, warnings: [String])
        /// Send nothing. The message names the budget, what has been spent and the limit.
        case block(String)
    }

    /// Judges a worst-case cost against the limits. A free request (zero worst case) always fits.
    public func check(worstCase: Money?, spend: BudgetSpend, label: String) -> Check {
        let scopes: [(Scope, Money?, Money)] = [(.perRequest, limits.perRequest, .zero), (.session, limits.session, spend.thisSession),
                                                (.daily, limits.daily, spend.today), (.monthly, limits.monthly, spend.thisMonth),
                                                (.keyDaily, key?.daily, spend.keyToday), (.keyMonthly, key?.monthly, spend.keyThisMonth)]
        let applying = scopes.compactMap { scope, limit, spent in limit.map { (scope, $0, spent) } }
        guard let cost = worstCase else {
            guard let (scope, limit, _) = applying.first else { return .fits(reserve: nil, warnings: []) }
            return .exceeds(scope, message: "\(name(scope)) budget \(Self.dollars(limit)) is set and \(label) has no known price, "
                + "so this request cannot be shown to fit")
        }
        var warnings: [String] = []
        for (scope, limit, spent) in applying {
            let after = spent + cost
            if cost > .zero, limit < after {
                let message = scope == .perRequest
                    ? "per-request budget \(Self.dollars(limit)) exceeded: this request may cost up to \(Self.dollars(cost)) on \(label)"
                    : "\(name(scope)) budget \(Self.dollars(limit)) reached: spent \(Self.dollars(spent)) + this request up to \(Self.dollars(cost)) on \(label)"
                return .exceeds(scope, message: message)
            }
            if scope != .perRequest, limit.amount > 0, after.amount >= limits.warnAt * limit.amount {
                let percent = NSDecimalNumber(decimal: after.amount / limit.amount * 100).intValue
                warnings.append("\(name(scope)) budget at \(percent)%: \(Self.dollars(after)) of \(Self.dollars(limit)) with this request")
            }
        }
        return .fits(reserve: cost, warnings: warnings)
    }

    /// Candidates in plan order in, decision out. The first candidate is the one the route chose; on
    /// `downgrade` the first later candidate that fits is used (fitting is monotone in cost, so it is cheaper).
    /// - Parameters:
    ///   - maxOutputTokens: the request's reply limit, if it names one (see `outputBound`).
    ///   - outputLimits: per candidate, the reply limit its request will carry with thinking (`outputLimits(for:)`);
    ///     nil: `outputBound` of `maxOutputTokens`, for a request that asks for no thinking.
    public func decide(candidates: [RouteCandidate], promptTokens: Int, maxOutputTokens: Int?, spend: BudgetSpend,
                       outputLimits: [Int]? = nil) -> Decision {
        guard let first = candidates.first else { return .block("no candidate to check against the budget") }
        let checks = candidates.indices.lazy.map { index in
            let candidate = candidates[index]
            let output = outputLimits.flatMap { index < $0.count ? $0[index] : nil }
                ?? Self.outputBound(requested: maxOutputTokens, deployment: candidate.deployment)
            return self.check(worstCase: Self.worstCase(promptTokens: promptTokens, outputTokens: output,
                                                        price: candidate.deployment.price),
                              spend: spend, label: Self.label(candidate))
        }
        let message: String
        switch checks[0] {
        case .fits(let reserve, let warnings): return .fits(reserve: reserve, warnings: warnings)
        case .exceeds(_, let why): message = why
        }
        guard limits.onExceed == .downgrade else { return .block(message) }
        for index in candidates.indices.dropFirst() {
            if case .fits(let reserve, let warnings) = checks[index] {
                return .downgrade(to: index, reserve: reserve,
                                  because: message + "; downgraded from \(Self.label(first)) to \(Self.label(candidates[index]))",
                                  warnings: warnings)
            }
        }
        return .block(message + (candidates.count > 1 ? "; no cheaper candidate fits either" : ""))
    }

    static func label(_ candidate: RouteCandidate) -> String {
        "\(candidate.model) via \(candidate.deployment.provider)"
    }

    /// `$5.00`, `$0.04`, `$0.0412`, `$0.000123`.
    static func dollars(_ money: Money) -> String { money.description }
}
