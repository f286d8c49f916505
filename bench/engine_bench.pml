/* The group-stop model of bench/engine_bench.cpp in Promela, for comparison with SPIN:
 *   spin -a -DN=6 engine_bench.pml && gcc -O2 -DNOREDUCE -DSAFETY -DMEMLIM=16000 -o pan pan.c && ./pan -m100000 -w24
 */
#ifndef N
#define N 6
#endif

byte count = 0;
byte stopped = 0;
byte leader = 255;   /* none */

proctype thread(byte k) {
  byte work = 0;
running:
  if
  :: atomic { work = (work + 1) % 3; goto running }
  :: atomic { leader == 255 -> leader = k; stopped = stopped | (1 << k); count++; goto stopping }
  :: atomic { leader != 255 -> stopped = stopped | (1 << k); count++; goto stopping }
  fi;
stopping:
  atomic { stopped = stopped & ~(1 << k); count--; if :: count == 0 -> leader = 255 :: else -> skip fi };
  goto running
}

init {
  atomic {
    byte i = 0;
    do
    :: i < N -> run thread(i); i++
    :: else -> break
    od
  }
}
