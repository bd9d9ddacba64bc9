-- Admits a deployment (deploy, continue, delete) on an existing stack, or
-- refuses it. One script, so no two requests on a stack interleave.
-- KEYS: stack, request, deployment, events, active, epoch, queue, throttle
-- ARGV: op, deployment_id, expected_stack_id ('' for any), allowed statuses
--       (space separated), new_status, fingerprint, request_ttl, retention,
--       steps_json, message, fields_json, client_request_id, seen_epoch,
--       answer_json, guard_protection ('1' refuses a protected stack),
--       message (the deployment's first task, '' to publish it through Celery),
--       planned ('0': the steps are left to the deployment's prepare task),
--       rate_limit, rate_window_ms ('' when the request is counted elsewhere)
-- Returns {'ok'|'replay', answer_json} | {'reused'} | {'no_stack'} |
--         {'mismatch'} | {'busy'} | {'protected'} | {'status', current_status}
--         | {'throttled', ms_to_wait}
local k = {stack = KEYS[1], request = KEYS[2], deployment = KEYS[3],
           events = KEYS[4], active = KEYS[5], epoch = KEYS[6], queue = KEYS[7]}
local op, did, want_id = ARGV[1], ARGV[2], ARGV[3]

if ARGV[18] ~= '' then
  local wait = rate_wait(KEYS[8], tonumber(ARGV[18]), tonumber(ARGV[19]))
  if wait > 0 then return {'throttled', tostring(wait)} end
end

local again = replayed(k.request, ARGV[6])
if again then return again end

local s = redis.call('HMGET', k.stack, 'stack_id', 'holder', 'status', 'epoch',
                     'stack_name')
if not s[1] then return {'no_stack'} end
if want_id ~= '' and want_id ~= s[1] then return {'mismatch'} end
-- A held stack answers 409 before its status is judged: the status of a busy
-- stack says nothing about what it will be when the holder lets go.
if s[2] ~= '' then return {'busy'} end
if ARGV[13] ~= '' and ARGV[13] ~= s[4] then return {'busy'} end
if ARGV[15] == '1' and
   redis.call('HGET', k.stack, 'enable_deletion_protection') == '1' then
  return {'protected'}
end
local allowed = false
for status in string.gmatch(ARGV[4], '%S+') do
  if status == s[3] then allowed = true end
end
if not allowed then return {'status', s[3]} end

local t = now_ms()
local fields = cjson.decode(ARGV[11])
if #fields > 0 then redis.call('HSET', k.stack, unpack(fields)) end
open_deployment(k, {did = did, op = op, stack_name = s[5], stack_id = s[1],
  t = t, steps = ARGV[9], crid = ARGV[12], status = ARGV[5],
  retention = ARGV[8], message = ARGV[10], push = ARGV[16], planned = ARGV[17]})
remember_request(k.request, ARGV[6], ARGV[7], ARGV[14])
return {'ok', ARGV[14]}
