// @generated shape of `diesel print-schema` for migrations/sqlite (kept identical for postgres).

diesel::table! {
    users (id) {
        id -> Integer,
        login -> Text,
        name -> Text,
        email -> Nullable<Text>,
        password_hash -> Text,
        role -> Text,
        language -> Text,
        active -> Bool,
        created_at -> Timestamp,
        default_country -> Nullable<Text>,
    }
}

diesel::table! {
    login_throttle (login, client) {
        login -> Text,
        client -> Text,
        failures -> Integer,
        last_failure -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Integer,
        created_at -> Timestamp,
        last_seen -> Timestamp,
    }
}

diesel::table! {
    teams (id) {
        id -> Integer,
        name -> Text,
        leader_id -> Nullable<Integer>,
        active -> Bool,
        default_country -> Nullable<Text>,
    }
}

diesel::table! {
    team_members (team_id, user_id) {
        team_id -> Integer,
        user_id -> Integer,
    }
}

diesel::table! {
    stages (id) {
        id -> Integer,
        name -> Text,
        sequence -> Integer,
        is_won -> Bool,
        folded -> Bool,
        probability -> Integer,
        team_id -> Nullable<Integer>,
    }
}

diesel::table! {
    lost_reasons (id) {
        id -> Integer,
        name -> Text,
        name_key -> Text,
        active -> Bool,
    }
}

diesel::table! {
    tags (id) {
        id -> Integer,
        name -> Text,
        color -> Integer,
    }
}

diesel::table! {
    partners (id) {
        id -> Integer,
        kind -> Text,
        name -> Text,
        name_key -> Text,
        company_id -> Nullable<Integer>,
        email -> Nullable<Text>,
        email_norm -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone_e164 -> Nullable<Text>,
        mobile -> Nullable<Text>,
        mobile_e164 -> Nullable<Text>,
        street -> Nullable<Text>,
        street2 -> Nullable<Text>,
        city -> Nullable<Text>,
        zip -> Nullable<Text>,
        state -> Nullable<Text>,
        country -> Nullable<Text>,
        website -> Nullable<Text>,
        salesperson_id -> Nullable<Integer>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        merged_into_id -> Nullable<Integer>,
    }
}

diesel::table! {
    leads (id) {
        id -> Integer,
        kind -> Text,
        title -> Text,
        contact_name -> Nullable<Text>,
        contact_name_key -> Nullable<Text>,
        company_name -> Nullable<Text>,
        company_name_key -> Nullable<Text>,
        email -> Nullable<Text>,
        email_norm -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone_e164 -> Nullable<Text>,
        mobile -> Nullable<Text>,
        mobile_e164 -> Nullable<Text>,
        street -> Nullable<Text>,
        street2 -> Nullable<Text>,
        city -> Nullable<Text>,
        zip -> Nullable<Text>,
        state -> Nullable<Text>,
        country -> Nullable<Text>,
        website -> Nullable<Text>,
        description -> Nullable<Text>,
        expected_revenue -> BigInt,
        probability -> Integer,
        priority -> Integer,
        stage_id -> Nullable<Integer>,
        salesperson_id -> Nullable<Integer>,
        team_id -> Nullable<Integer>,
        partner_id -> Nullable<Integer>,
        active -> Bool,
        lost_reason_id -> Nullable<Integer>,
        source_channel -> Text,
        external_id -> Nullable<Text>,
        merged_into_id -> Nullable<Integer>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        converted_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    lead_tags (lead_id, tag_id) {
        lead_id -> Integer,
        tag_id -> Integer,
    }
}

diesel::table! {
    identities (id) {
        id -> Integer,
        lead_id -> Nullable<Integer>,
        partner_id -> Nullable<Integer>,
        channel -> Text,
        handle -> Text,
        handle_norm -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    match_keys (id) {
        id -> Integer,
        lead_id -> Nullable<Integer>,
        partner_id -> Nullable<Integer>,
        kind -> Text,
        key -> Text,
    }
}

diesel::table! {
    messages (id) {
        id -> Integer,
        lead_id -> Nullable<Integer>,
        partner_id -> Nullable<Integer>,
        author_id -> Nullable<Integer>,
        kind -> Text,
        body -> Text,
        created_at -> Timestamp,
        event -> Nullable<Text>,
    }
}

diesel::table! {
    message_changes (id) {
        id -> Integer,
        message_id -> Integer,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        old_name -> Nullable<Text>,
        new_name -> Nullable<Text>,
    }
}

diesel::table! {
    merges (id) {
        id -> Integer,
        survivor_id -> Integer,
        merged_ids -> Text,
        user_id -> Nullable<Integer>,
        snapshot -> Text,
        created_at -> Timestamp,
        undone_at -> Nullable<Timestamp>,
        undone_by -> Nullable<Integer>,
    }
}

diesel::table! {
    customer_merges (id) {
        id -> Integer,
        survivor_id -> Integer,
        merged_ids -> Text,
        user_id -> Nullable<Integer>,
        snapshot -> Text,
        created_at -> Timestamp,
        undone_at -> Nullable<Timestamp>,
        undone_by -> Nullable<Integer>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        user_id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    finder_models (id) {
        id -> Integer,
        created_at -> Timestamp,
        params -> Text,
    }
}

diesel::table! {
    not_duplicates (id) {
        id -> Integer,
        lead_a -> Integer,
        lead_b -> Integer,
        reason -> Text,
        evidence -> Text,
        user_id -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    import_jobs (id) {
        id -> Integer,
        user_id -> Integer,
        file_name -> Text,
        content -> Text,
        kind -> Text,
        policy -> Text,
        mapping -> Text,
        state -> Text,
        total -> Integer,
        done -> Integer,
        report -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intake_deliveries (id) {
        id -> Integer,
        user_id -> Integer,
        delivery_id -> Text,
        request_hash -> Text,
        outcome -> Text,
        lead_id -> Nullable<Integer>,
        partner_id -> Nullable<Integer>,
        response -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> Integer,
        token_id -> Integer,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response -> Nullable<Text>,
        location -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> users (user_id));
diesel::joinable!(stages -> teams (team_id));
diesel::joinable!(leads -> stages (stage_id));
diesel::joinable!(leads -> lost_reasons (lost_reason_id));
diesel::joinable!(lead_tags -> leads (lead_id));
diesel::joinable!(lead_tags -> tags (tag_id));
diesel::joinable!(message_changes -> messages (message_id));
diesel::joinable!(api_tokens -> users (user_id));

diesel::table! {
    lead_totals (kind, active, lost, stage_id, salesperson_id, team_id) {
        kind -> Text,
        active -> Bool,
        lost -> Bool,
        stage_id -> Integer,
        salesperson_id -> Integer,
        team_id -> Integer,
        records -> BigInt,
        revenue -> BigInt,
    }
}

diesel::table! {
    list_columns (user_id, list) {
        user_id -> Integer,
        list -> Text,
        chosen -> Text,
    }
}

diesel::table! {
    lead_similar (lead_id) {
        lead_id -> Integer,
        duplicate_count -> Nullable<Integer>,
        version -> Integer,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Integer,
        url -> Text,
        events -> Text,
        active -> Bool,
        secret -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Integer,
        event_id -> Text,
        event_type -> Text,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Integer,
        endpoint_id -> Integer,
        event_id -> Integer,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        last_attempt_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        created_at -> Timestamp,
        actor_user_id -> Nullable<Integer>,
        actor_login -> Text,
        client_address -> Nullable<Text>,
        action -> Text,
        target_kind -> Nullable<Text>,
        target_ids -> Text,
        details -> Text,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    login_throttle,
    sessions,
    teams,
    team_members,
    stages,
    lost_reasons,
    tags,
    partners,
    leads,
    lead_tags,
    identities,
    match_keys,
    messages,
    message_changes,
    merges,
    customer_merges,
    settings,
    api_tokens,
    not_duplicates,
    finder_models,
    import_jobs,
    intake_deliveries,
    idempotency_keys,
    lead_totals,
    list_columns,
    lead_similar,
    webhook_endpoints,
    webhook_events,
    webhook_deliveries,
    audit_log,
);
