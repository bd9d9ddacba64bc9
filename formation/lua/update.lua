-- Changes a stack's basic information (UpdateStack), or refuses, in one step:
-- a deployment admitted in between cannot slip past the status check.
-- KEYS: stack
-- ARGV: expected_stack_id ('' for any), fields_json (flat name, value list)
-- Returns {'ok'} | {'no_stack'} | {'mismatch'} | {'busy', status} |
--         {'rollback', status} (auto-rollback may not be switched on now)
local s = redis.call('HMGET', KEYS[1], 'stack_id', 'holder', 'status',
                     'enable_auto_rollback')
if not s[1] then return {'no_stack'} end
if ARGV[1] ~= '' and ARGV[1] ~= s[1] then return {'mismatch'} end
local status = s[3] or ''
-- A held stack is busy even before its status says so (admission sets both,
-- but a reader of either alone must come to the same answer).
if (s[2] or '') ~= '' or string.sub(status, -12) == '_IN_PROGRESS' then
  return {'busy', status}
end

local fields = cjson.decode(ARGV[2])
for i = 1, #fields, 2 do
  if fields[i] == 'enable_auto_rollback' and fields[i + 1] == '1' and
     s[4] ~= '1' and string.sub(status, -7) == '_FAILED' then
    return {'rollback', status}
  end
end

redis.call('HSET', KEYS[1], 'update_time', now_ms(), unpack(fields))
return {'ok'}
