import Logging
import PostgresNIO

/// The schema, step by step, each step applied once and named in `schema_migrations`. A step's id
/// never changes once released, and a released step is never edited: a database migrated by an
/// earlier version migrates on with the steps added after it.
///
/// Every desk migrates when it opens the register: the steps run in one transaction (PostgreSQL's DDL
/// is transactional, so a failed step leaves nothing half done) that first takes an advisory lock, so
/// that two desks starting at once do not both create the tables; the second waits, then finds every
/// step applied.
enum PostgresMigrations {
    struct Step: Sendable {
        var id: String
        var statements: [PostgresQuery]
    }


    // Text that is compared as a range or sorted for the caller (hashes, paths, the ID number's
    // search key, dates) is in the "C" collation: byte order, as SQLite compares, whatever locale the
    // database was created with.
    static let steps: [Step] = [
        Step(id: "v1", statements: [
            """
            CREATE TABLE rule_sets (
                hash text COLLATE "C" PRIMARY KEY,
                title text NOT NULL,
                stored_at text NOT NULL
            )
            """,
            // The files' very bytes: `bytea` keeps them whatever they hold.
            """
            CREATE TABLE rule_set_files (
                rule_set_hash text COLLATE "C" NOT NULL REFERENCES rule_sets ON DELETE CASCADE,
                path text COLLATE "C" NOT NULL,
                source bytea NOT NULL,
                PRIMARY KEY (rule_set_hash, path)
            )
            """,
            """
            CREATE TABLE accounts (
                name text PRIMARY KEY,
                role text NOT NULL CHECK (role IN ('intake', 'officer', 'auditor')),
                password_hash text NOT NULL,
                created_at text NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                id text PRIMARY KEY,
                account_name text NOT NULL REFERENCES accounts ON DELETE CASCADE,
                secret_hash text NOT NULL,
                created_at text NOT NULL
            )
            """,
            "CREATE INDEX api_tokens_by_account ON api_tokens (account_name)",
            """
            CREATE TABLE sessions (
                id text PRIMARY KEY,
                account_name text NOT NULL REFERENCES accounts ON DELETE CASCADE,
                csrf_token text NOT NULL,
                created_at text NOT NULL,
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX sessions_by_account ON sessions (account_name)",
            "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
            // JSON as `text`: `jsonb` would reorder keys and drop spaces, and the stored answer must be
            // the one sent.
            """
            CREATE TABLE assessments (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                created_at text NOT NULL,
                actor text NOT NULL,
                applicant_name text,
                applicant_id text,
                applicant_id_key text COLLATE "C",
                assessment_date text COLLATE "C" NOT NULL,
                rule_set_hash text COLLATE "C" NOT NULL REFERENCES rule_sets,
                profile_json text NOT NULL,
                decision_json text NOT NULL,
                revises bigint REFERENCES assessments
            )
            """,
            "CREATE INDEX assessments_by_actor ON assessments (actor)",
            "CREATE INDEX assessments_by_applicant_id_key ON assessments (applicant_id_key)",
            "CREATE INDEX assessments_by_date ON assessments (assessment_date)",
            // One row per programme decided, so the register can be searched by programme and outcome
            // without parsing the stored decision.
            """
            CREATE TABLE assessment_outcomes (
                assessment_id bigint NOT NULL REFERENCES assessments ON DELETE CASCADE,
                programme text NOT NULL,
                outcome text NOT NULL,
                PRIMARY KEY (assessment_id, programme)
            )
            """,
            "CREATE INDEX assessment_outcomes_by_programme ON assessment_outcomes (programme, outcome)",
        ]),
        // Households and their members, hardship files, model workers; referrals and referrals out;
        // grants and claims. Dates are ISO text in the "C" collation, compared as text (as SQLite).
        Step(id: "v2-households-grants-referrals", statements: [
            """
            CREATE TABLE households (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                assessment_id bigint NOT NULL REFERENCES assessments,
                opened_on text COLLATE "C" NOT NULL,
                opened_by text NOT NULL,
                created_at text NOT NULL,
                closed_on text COLLATE "C",
                closed_by text,
                closed_reason text
            )
            """,
            // `in_open_household` is true while the member belongs to a household that is open, so that
            // a partial unique index holds one open household per person.
            """
            CREATE TABLE household_members (
                household_id bigint NOT NULL REFERENCES households,
                id_number text NOT NULL,
                name text NOT NULL,
                relation text NOT NULL,
                position integer NOT NULL,
                left_at text,
                in_open_household boolean NOT NULL,
                PRIMARY KEY (household_id, id_number)
            )
            """,
            "CREATE UNIQUE INDEX household_members_one_open_household_per_person ON household_members (id_number) WHERE in_open_household",
            """
            CREATE TABLE hardship_files (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                household_id bigint NOT NULL REFERENCES households,
                tier text NOT NULL CHECK (tier IN ('deep', 'relative', 'accidental')),
                status text NOT NULL CHECK (status IN ('opened', 'under_review', 'closed')),
                opened_on text COLLATE "C" NOT NULL,
                opened_by text NOT NULL,
                status_since text COLLATE "C" NOT NULL,
                status_by text NOT NULL,
                reason text,
                created_at text NOT NULL
            )
            """,
            "CREATE INDEX hardship_files_by_household ON hardship_files (household_id)",
            """
            CREATE TABLE model_workers (
                id_number text PRIMARY KEY,
                name text NOT NULL,
                level text NOT NULL,
                title_status text NOT NULL,
                monthly_top_up_fen bigint NOT NULL,
                payer text NOT NULL,
                updated_on text NOT NULL,
                updated_by text NOT NULL
            )
            """,
            """
            CREATE TABLE referrals (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                assessment_id bigint NOT NULL REFERENCES assessments,
                programme text NOT NULL,
                household_id bigint REFERENCES households,
                opened_on text COLLATE "C" NOT NULL,
                opened_by text NOT NULL,
                owner text REFERENCES accounts,
                created_at text NOT NULL,
                decision text CHECK (decision IN ('approve', 'refuse', 'hand_on')),
                reason text,
                closed_on text COLLATE "C",
                closed_by text,
                UNIQUE (assessment_id, programme)
            )
            """,
            "CREATE INDEX referrals_open ON referrals (opened_on) WHERE decision IS NULL",
            """
            CREATE TABLE outgoing_referrals (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                body text NOT NULL,
                subject text NOT NULL,
                household_id bigint REFERENCES households,
                assessment_id bigint REFERENCES assessments,
                referral_id bigint UNIQUE REFERENCES referrals,
                created_at text NOT NULL
            )
            """,
            """
            CREATE TABLE outgoing_referral_steps (
                outgoing_referral_id bigint NOT NULL REFERENCES outgoing_referrals,
                step text NOT NULL CHECK (step IN ('sent', 'accepted', 'result')),
                taken_on text COLLATE "C" NOT NULL,
                taken_by text NOT NULL,
                amount_recovered_fen bigint,
                note text,
                PRIMARY KEY (outgoing_referral_id, step)
            )
            """,
            """
            CREATE TABLE grants (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                household_id bigint NOT NULL REFERENCES households,
                assessment_id bigint NOT NULL REFERENCES assessments,
                referral_id bigint UNIQUE REFERENCES referrals,
                programme text NOT NULL,
                amount_fen bigint NOT NULL CHECK (amount_fen > 0),
                period text NOT NULL CHECK (period IN ('once', 'monthly')),
                monthly_fen bigint,
                months bigint,
                fund text NOT NULL,
                granted_on text COLLATE "C" NOT NULL,
                confirmed_by text NOT NULL,
                confirmed_at text NOT NULL
            )
            """,
            "CREATE INDEX grants_by_household_and_date ON grants (household_id, granted_on)",
            """
            CREATE TABLE claims (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                household_id bigint NOT NULL REFERENCES households,
                assessment_id bigint REFERENCES assessments,
                programme text,
                subject text NOT NULL,
                payer text NOT NULL,
                amount_fen bigint NOT NULL CHECK (amount_fen > 0),
                status text NOT NULL CHECK (status IN ('open', 'recovered')),
                amount_recovered_fen bigint NOT NULL,
                recovered_on text COLLATE "C",
                recovered_by text,
                opened_on text COLLATE "C" NOT NULL,
                opened_by text NOT NULL,
                created_at text NOT NULL
            )
            """,
            "CREATE INDEX claims_by_household ON claims (household_id)",
        ]),
        // Each hardship file's status history, its last yearly review (复核) and the reviews themselves;
        // files opened before have their opening, and their present status when they moved since.
        Step(id: "v3-reviews", statements: [
            "ALTER TABLE hardship_files ADD COLUMN last_reviewed_on text COLLATE \"C\"",
            """
            CREATE TABLE hardship_file_events (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                file_id bigint NOT NULL REFERENCES hardship_files,
                status text NOT NULL CHECK (status IN ('opened', 'under_review', 'closed')),
                on_date text COLLATE "C" NOT NULL,
                by_account text NOT NULL,
                reason text
            )
            """,
            "CREATE INDEX hardship_file_events_by_file ON hardship_file_events (file_id)",
            """
            INSERT INTO hardship_file_events (file_id, status, on_date, by_account)
            SELECT id, 'opened', opened_on, opened_by FROM hardship_files ORDER BY id
            """,
            """
            INSERT INTO hardship_file_events (file_id, status, on_date, by_account, reason)
            SELECT id, status, status_since, status_by, reason FROM hardship_files WHERE status <> 'opened' ORDER BY id
            """,
            """
            CREATE TABLE hardship_reviews (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                file_id bigint NOT NULL REFERENCES hardship_files,
                assessment_id bigint NOT NULL REFERENCES assessments,
                reviewed_on text COLLATE "C" NOT NULL,
                reviewed_by text NOT NULL,
                finding text NOT NULL CHECK (finding IN ('kept', 'adjust', 'close', 'needs_information')),
                suggested_tier text CHECK (suggested_tier IN ('deep', 'relative', 'accidental')),
                created_at text NOT NULL
            )
            """,
            "CREATE INDEX hardship_reviews_by_file ON hardship_reviews (file_id)",
        ]),
        // Which stored rule set runs: one row each time a desk made one the running one; the newest
        // row is the running rule set, polled by every desk. And the parameter proposals that publish
        // new ones.
        Step(id: "v4-running-rules", statements: [
            """
            CREATE TABLE running_rule_sets (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rule_set_hash text COLLATE "C" NOT NULL REFERENCES rule_sets,
                taken_at text NOT NULL,
                taken_by text NOT NULL,
                source text NOT NULL CHECK (source IN ('folder', 'proposal')),
                origin text NOT NULL
            )
            """,
            """
            CREATE TABLE parameter_proposals (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                parameter text NOT NULL,
                from_date text COLLATE "C" NOT NULL,
                value text NOT NULL,
                reference text NOT NULL,
                proposed_by text NOT NULL,
                proposed_at text NOT NULL,
                base_hash text COLLATE "C" NOT NULL REFERENCES rule_sets,
                proposed_hash text COLLATE "C" NOT NULL REFERENCES rule_sets,
                status text NOT NULL CHECK (status IN ('open', 'published', 'refused', 'withdrawn')),
                decided_by text,
                decided_at text,
                reason text
            )
            """,
        ]),
        // Whether each grant counts as household income at later checks (grants recorded before it
        // did, as the rules then read them).
        Step(id: "v5-grants-income", statements: [
            "ALTER TABLE grants ADD COLUMN counts_as_income boolean NOT NULL DEFAULT true",
        ]),
    ]

    /// Applies the steps the database lacks, in order, in one transaction under the advisory lock.
    /// Refuses a database whose encoding is not UTF-8: text would not come back as it was given.
    static func migrate(_ client: PostgresClient, createIfMissing: Bool, location: PostgresLocation, logger: Logger) async throws {
        try await PostgresRegister.transaction(client, logger) { connection, logger in
            // One lock per schema the register lives in (one per database, as desks run it).
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('bangfu migrations ' || current_schema(), 0))", logger: logger)
            let encoding = try await connection.query("SHOW server_encoding", logger: logger).collect().first?.decode(String.self)
            guard encoding == "UTF8" else {
                throw RegisterSchemaError("the database's encoding is \(encoding ?? "unknown"), not UTF8: create it with ENCODING 'UTF8'")
            }
            let holdsARegister = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
                .collect()[0].decode(Bool.self)
            guard holdsARegister || createIfMissing else { throw PostgresRegisterMissing(location: location) }
            try await connection.query("CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at text NOT NULL)", logger: logger)
            var applied: Set<String> = []
            for try await id in try await connection.query("SELECT id FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(id)
            }
            for step in steps where !applied.contains(step.id) {
                for statement in step.statements { try await connection.query(statement, logger: logger) }
                try await connection.query("INSERT INTO schema_migrations (id, applied_at) VALUES (\(step.id), \(PostgresRegister.timestamp()))",
                                           logger: logger)
                logger.info("register migrated", metadata: ["step": "\(step.id)"])
            }
        }
    }

    /// The ids of the steps applied, in the order they were applied.
    static func appliedSteps(_ register: PostgresRegister) async throws -> [String] {
        try await register.query("SELECT id FROM schema_migrations ORDER BY applied_at, id").map { try $0.decode(String.self) }
    }
}

/// The database cannot hold the register as it must be held.
package struct RegisterSchemaError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}

/// `serve` was pointed at a database that holds no register.
package struct PostgresRegisterMissing: Error, CustomStringConvertible {
    package var location: PostgresLocation
    package var description: String { "no register in the database \(location)" }
}
