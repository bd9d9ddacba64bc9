-- Counts one request of a caller under a rate limit (see rate_wait).
-- KEYS: throttle    ARGV: limit, window_ms
-- Returns 0 when counted, else the milliseconds to wait (at least 1)
return rate_wait(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
