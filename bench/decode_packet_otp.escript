#!/usr/bin/env escript
%% -*- erlang -*-
%% bench/decode_packet_otp.escript — OTP's erlang:decode_packet/3 on the
%% inputs bench/decode_packet wrote (--write-inputs DIR), measured the way
%% bench/decode_packet measures ginet: passes over each stream, as many as
%% take at least MinTime seconds per run, Reps runs, median time.
%%
%%   escript decode_packet_otp.escript DIR [Reps [MinTime]]
%%
%% One pass is the loop an Erlang program writes: decode_packet on the
%% rest until it answers more; for http and http_bin the type becomes
%% httph (httph_bin) after a request or status line and goes back after
%% http_eoh, as on a socket.  Every pass must give the number of packets
%% the C side counted.  Output lines, tab-separated, as the C side's:
%%   case  otp  packets  bytes  seconds
%% The module is compiled (and, on OTP 25 x86-64, JIT-compiled), not
%% interpreted.
-mode(compile).

main([Dir]) -> main([Dir, "7", "0.1"]);
main([Dir, Reps]) -> main([Dir, Reps, "0.1"]);
main([Dir, RepsS, MinS]) ->
    Reps = list_to_integer(RepsS),
    Min = to_float(MinS),
    {ok, Index} = file:read_file(filename:join(Dir, "cases.tsv")),
    Lines = [L || L <- binary:split(Index, <<"\n">>, [global]),
                  L =/= <<>>, binary:first(L) =/= $#],
    Cases = [prepare(Dir, L, Min) || L <- Lines],
    %% Rounds over all cases, as the C side does.
    Rounds = [[run(Pass, Bin, N) || {_, Pass, Bin, N, _} <- Cases]
              || _ <- lists:seq(1, Reps)],
    lists:foldl(
      fun({Name, _, Bin, N, Packets}, I) ->
              Times = [lists:nth(I, R) || R <- Rounds],
              io:format("~s\totp\t~w\t~w\t~.9f~n",
                        [Name, Packets * N, byte_size(Bin) * N, median(Times)]),
              I + 1
      end, 1, Cases);
main(_) ->
    io:format(standard_error, "usage: decode_packet_otp.escript DIR [Reps [MinTime]]~n", []),
    halt(2).

to_float(S) ->
    try list_to_float(S) catch error:badarg -> float(list_to_integer(S)) end.

%% Read a case, check the packet count, calibrate the passes per run.
prepare(Dir, Line, Min) ->
    [Name, TypeS, PacketsS | _] = binary:split(Line, <<"\t">>, [global]),
    Type = case catch binary_to_integer(TypeS) of
               I when is_integer(I) -> I;
               _ -> binary_to_atom(TypeS, latin1)
           end,
    Packets = binary_to_integer(PacketsS),
    {ok, Bin} = file:read_file(filename:join(Dir, <<Name/binary, ".bin">>)),
    Pass = pass_fun(Type),
    case Pass(Bin) of
        Packets -> ok;
        Other -> io:format(standard_error, "~s: ~w packets, expected ~w~n",
                           [Name, Other, Packets]),
                 halt(1)
    end,
    {Name, Pass, Bin, calibrate(Pass, Bin, 1, Min), Packets}.

pass_fun(http) -> fun(B) -> http_loop(http, httph, http, B, 0) end;
pass_fun(http_bin) -> fun(B) -> http_loop(http_bin, httph_bin, http_bin, B, 0) end;
pass_fun(Type) -> fun(B) -> loop(Type, B, 0) end.

%% The plain loop.
loop(Type, Bin, N) ->
    case erlang:decode_packet(Type, Bin, []) of
        {ok, _Packet, Rest} -> loop(Type, Rest, N + 1);
        {more, _} -> N
    end.

%% The socket's HTTP state: start line, header lines, back after http_eoh.
http_loop(Start, Headers, Type, Bin, N) ->
    case erlang:decode_packet(Type, Bin, []) of
        {ok, {http_request, _, _, _}, Rest} -> http_loop(Start, Headers, Headers, Rest, N + 1);
        {ok, {http_response, _, _, _}, Rest} -> http_loop(Start, Headers, Headers, Rest, N + 1);
        {ok, http_eoh, Rest} -> http_loop(Start, Headers, Start, Rest, N + 1);
        {ok, _, Rest} -> http_loop(Start, Headers, Type, Rest, N + 1);
        {more, _} -> N
    end.

calibrate(Pass, Bin, N, Min) ->
    T = run(Pass, Bin, N),
    if
        T >= Min -> N;
        T > 0 -> calibrate(Pass, Bin, max(N * 2, min(N * 16, round(N * Min * 1.2 / T))), Min);
        true -> calibrate(Pass, Bin, N * 16, Min)
    end.

run(Pass, Bin, N) ->
    T0 = erlang:monotonic_time(nanosecond),
    repeat(Pass, Bin, N),
    (erlang:monotonic_time(nanosecond) - T0) / 1.0e9.

repeat(_, _, 0) -> ok;
repeat(Pass, Bin, N) -> Pass(Bin), repeat(Pass, Bin, N - 1).

median(L) ->
    S = lists:sort(L),
    Len = length(S),
    case Len rem 2 of
        1 -> lists:nth(Len div 2 + 1, S);
        0 -> (lists:nth(Len div 2, S) + lists:nth(Len div 2 + 1, S)) / 2
    end.
