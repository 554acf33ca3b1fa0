#pragma once
#define FRAME_SIZE 272  /* x0..x30, ELR, SPSR (+ padding to 16) */
